import type { TickResult } from "@drso/aws";
import {
  decide,
  type ExecutionState,
  type ExecutionStore,
  type InstanceHealthProbe,
  isUnfinishedExecution,
  type RecoveryLauncher,
  type UserAction,
} from "@drso/core";
import { ExecutionRunner } from "@drso/server/runner";
import type { Logger } from "pino";

export interface ExecutionTickDeps {
  store: ExecutionStore;
  launcher: RecoveryLauncher;
  health: InstanceHealthProbe;
  logger: Logger;
  now?: () => Date;
  /** Longest Wait the state machine makes, so a missed wake-up costs at most this. */
  maxWaitSeconds?: number;
  /** The engine's Notify commands (execution started, paused, finished): `createTickNotifications`. */
  onNotify?: (state: ExecutionState, subject: string, message: string) => void;
}

export interface TickRequest {
  executionId: string;
  /** Pause/resume/cancel/retry/terminate from the API, applied before the tick. */
  userAction?: { action: UserAction; actor: string };
}

/**
 * One step of an execution on AWS, what the state machine's Tick task runs: the same runner as
 * `drso serve` (persist the engine's events, then execute its commands; one DescribeJobs per
 * account-region) over a view of the store that holds only this execution. Starting that runner
 * reconciles launch intents a crashed previous Tick left behind, so no batch launches twice.
 * Returns what the state machine does next: wait N seconds, park while paused, or end.
 */
export const runExecutionTick = async (
  deps: ExecutionTickDeps,
  request: TickRequest,
): Promise<TickResult> => {
  const now = deps.now ?? (() => new Date());
  const { executionId } = request;
  const state = await deps.store.get(executionId);
  if (!state) return { executionId, outcome: "DONE", waitSeconds: 0 };
  const runner = new ExecutionRunner({
    store: onlyThisExecution(deps.store, state),
    launcher: deps.launcher,
    health: deps.health,
    logger: deps.logger,
    now,
    ...(deps.onNotify ? { onNotify: deps.onNotify } : {}),
  });
  try {
    await runner.start();
    if (request.userAction)
      await runner.act(executionId, request.userAction.action, request.userAction.actor);
    else await runner.runTickNow();
  } finally {
    await runner.stop();
  }
  const after = (await deps.store.get(executionId)) ?? state;
  return outcomeOf(after, now(), deps.maxWaitSeconds ?? 300);
};

/** What the state machine does after a tick, read from the stored state. */
export const outcomeOf = (state: ExecutionState, now: Date, maxWaitSeconds: number): TickResult => {
  const { executionId } = state;
  if (!isUnfinishedExecution(state)) {
    return { executionId, outcome: "DONE", waitSeconds: 0 };
  }
  if (state.status === "PAUSED") return { executionId, outcome: "PAUSED", waitSeconds: 0 };
  // The engine's own next wake time (decide is pure: asking it changes nothing).
  const wakeAt = decide(state, [], now).wakeAt;
  const seconds = wakeAt ? Math.ceil((Date.parse(wakeAt) - now.getTime()) / 1000) : maxWaitSeconds;
  return { executionId, outcome: "WAIT", waitSeconds: Math.min(maxWaitSeconds, Math.max(1, seconds)) };
};

/** The runner drives every unfinished execution its store lists: show it just this one. */
const onlyThisExecution = (store: ExecutionStore, state: ExecutionState): ExecutionStore => ({
  create: (...args) => store.create(...args),
  append: (...args) => store.append(...args),
  get: (id) => store.get(id),
  list: (...args) => store.list(...args),
  events: (...args) => store.events(...args),
  latestEvents: (...args) => store.latestEvents(...args),
  listUnfinished: async () => [state],
  findConflicts: (claims) => store.findConflicts(claims),
  deleteTerminal: (...args) => store.deleteTerminal(...args),
});
