/**
 * The contract between the Tick Lambda and the Step Functions loop. The state machine only routes
 * on `outcome`; everything else about an execution lives in the store.
 */
export const TICK_OUTCOMES = ["WAIT", "PAUSED", "DONE"] as const;
export type TickOutcome = (typeof TICK_OUTCOMES)[number];

/** Input of every Tick invocation (and of the state machine: StartExecution input). */
export interface TickInput {
  executionId: string;
  /** Present when the state machine parks a paused execution: resume/cancel answer this token. */
  taskToken?: string;
  /** `park` stores the task token of a paused execution; `tick` (default) advances it. */
  action?: "tick" | "park";
}

export interface TickResult {
  executionId: string;
  outcome: TickOutcome;
  /** Seconds until the engine wants to look again (WAIT only); at least 1. */
  waitSeconds: number;
}

/** Error name the cancel API sends with SendTaskFailure to end a paused wait. */
export const CANCELLED_WHILE_PAUSED = "DRSO.Cancelled";
/** Error name the Tick throws when a concurrent writer (the wake handler) won; the loop retries. */
export const TICK_CONFLICT = "DRSO.TickConflict";
/**
 * Error name of the park task when the execution is no longer paused (a resume or cancel came
 * between the Tick that said PAUSED and the park): the machine goes straight back to Tick.
 */
export const NO_LONGER_PAUSED = "DRSO.NoLongerPaused";
