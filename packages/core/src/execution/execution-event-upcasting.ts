import type { ExecutionEvent } from "./execution-events";
import { evolve } from "./execution-evolve";
import { type ExecutionState, initialState } from "./execution-state";
import { approveWaitingWaves } from "./wave-progression";

/**
 * Stored event logs of earlier versions, read as today's events. Before `WaveApproved` existed, a
 * bare `ExecutionResumed` also approved every wave waiting for approval; today the decider appends
 * a `WaveApproved` per waiting wave before the resume, so a resume folded while a wave still waits
 * comes from such an old log and reads as the approvals it implied.
 */
export function upcast(state: ExecutionState, event: ExecutionEvent): ExecutionEvent[] {
  if (event.type !== "ExecutionResumed") return [event];
  const implied = approveWaitingWaves(state, event.at, event.actor);
  return implied.length === 0 ? [event] : [...implied, event];
}

/** Rebuilds the state from its stored events, old logs included. */
export function replay(events: readonly ExecutionEvent[]): ExecutionState {
  let s = initialState();
  for (const stored of events) for (const e of upcast(s, stored)) s = evolve(s, e);
  return s;
}
