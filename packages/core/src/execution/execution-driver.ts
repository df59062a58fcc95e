import type { UserAction } from "./execution-commands";
import type { ExecutionEvent } from "./execution-events";
import type { ExecutionState } from "./execution-state";

/**
 * What the server's execution use cases need from whatever drives executions: `drso serve` drives them in
 * process (the runner), AWS drives them with a Step Functions loop per execution. The start use case
 * creates the execution (start checks, transactional claim) and then hand it to the driver; they never ask
 * which one it is.
 */
export interface ExecutionDriver {
  /**
   * True when `subscribe` sees every change of the executions this driver drives (in process);
   * false when they change elsewhere (a Step Functions loop), so live streams send the current
   * state and end instead of waiting for changes that would never be pushed.
   */
  readonly live: boolean;
  /** The live state when this process drives the execution; undefined means "read the store". */
  current(executionId: string): ExecutionState | undefined;
  /** Starts driving an execution the store has just created. */
  started(state: ExecutionState): Promise<void>;
  /**
   * A user action (pause, resume, cancel, retry, terminate), refused with a clear code when the
   * state does not allow it, recorded through the store; resolves with the state after it.
   */
  act(executionId: string, action: UserAction, actor: string): Promise<ExecutionState | undefined>;
  /** Every persisted change this process sees (live updates); a driver that sees none never calls. */
  subscribe(listener: (state: ExecutionState, events: readonly ExecutionEvent[]) => void): () => void;
}
