import {
  ExecutionAlreadyExists,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  type SFNClient,
  StartExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from "@aws-sdk/client-sfn";
import {
  type ExecutionDriver,
  type ExecutionEvent,
  type ExecutionState,
  isTerminalExecutionStatus,
  isUnfinishedExecution,
  UpstreamError,
  type UserAction,
} from "@drso/core";
import type { PausedTaskTokens } from "./paused-task-tokens";
import { CANCELLED_WHILE_PAUSED, type TickInput } from "./tick-result";
import type { UnstartedOutcome } from "./unstarted-execution";

/**
 * How the API records a user action on AWS: checked and applied to the stored execution by the same
 * engine and runner as the Tick (events persisted with the optimistic version). The Lambda entry
 * passes one built on the DynamoDB execution store.
 */
export interface ExecutionActions {
  get(executionId: string): Promise<ExecutionState | undefined>;
  apply(executionId: string, action: UserAction, actor: string): Promise<ExecutionState | undefined>;
  /**
   * Ends an execution whose loop could not be started (`failUnstartedExecution` on the store):
   * FAILED with the reason, servers released. Without it the error is only reported.
   */
  fail?(executionId: string, reason: string): Promise<UnstartedOutcome>;
}

/** StartExecution attempts before the execution is given up (the SDK retries inside each too). */
const START_ATTEMPTS = 3;

/**
 * What the API does to the Step Functions runner: start the loop of a new execution, and end the
 * parked wait of a paused one when the user resumes or cancels it (the Tick that follows reads the
 * user's action from the store). Running executions need nothing: their next Tick sees the change.
 * A finished execution that a retry or terminate brings back gets a new loop. The Lambda API wires
 * it as the `ExecutionDriver` in place of the in-process runner.
 */
export class StepFunctionsExecutionDriver implements ExecutionDriver {
  constructor(
    private readonly sfn: SFNClient,
    private readonly stateMachineArn: string,
    private readonly tokens: PausedTaskTokens,
    private readonly actions?: ExecutionActions,
    /** Pause before the second StartExecution attempt (doubling); tests set 0. */
    private readonly startBackoffMs = 250,
  ) {}

  /** Changes happen in the loop's Tick Lambda, never pushed to the API's Lambda. */
  readonly live = false;

  /** The state lives in the store only: no Lambda holds it between requests. */
  current(_executionId: string): ExecutionState | undefined {
    return undefined;
  }

  /**
   * After the store created and claimed it: its loop starts. StartExecution named by the execution
   * id is idempotent, so a failed call is simply tried again. When it still fails, an operator
   * needs two things: the servers back (a claimed execution without a loop would hold them
   * forever) and the reason. So the execution is marked FAILED with the reason (a retry relaunches
   * it once the cause is fixed) and the request answers 502 EXECUTION_NOT_STARTED.
   */
  async started(state: ExecutionState): Promise<void> {
    const { executionId } = state;
    let failure: unknown;
    for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      try {
        await this.start(executionId);
        return;
      } catch (error) {
        failure = error;
        if (attempt < START_ATTEMPTS)
          await new Promise((r) => setTimeout(r, this.startBackoffMs * 2 ** attempt));
      }
    }
    const cause = failure instanceof Error ? `${failure.name}: ${failure.message}` : String(failure);
    const reason = `The Step Functions loop of this execution could not be started (${cause})`;
    const outcome = this.actions?.fail ? await this.actions.fail(executionId, reason) : undefined;
    if (outcome === "running") return;
    throw new UpstreamError(
      "EXECUTION_NOT_STARTED",
      outcome === "failed"
        ? `${reason}; it was marked FAILED and its servers released: retry it once the cause is fixed`
        : reason,
      { executionId, ...(outcome ? { status: "FAILED" } : {}) },
      { cause: failure },
    );
  }

  /**
   * Records the action through the store, then moves the loop: resume/cancel answer the parked
   * task token; pause needs nothing (the next Tick parks); an action that brings a finished
   * execution back (retry, terminate) starts a new loop, named by the execution id, the action
   * and the attempt so that a repeated request cannot start two.
   */
  async act(executionId: string, action: UserAction, actor: string): Promise<ExecutionState | undefined> {
    if (!this.actions) throw new Error("StepFunctionsExecutionDriver.act needs ExecutionActions");
    const before = await this.actions.get(executionId);
    if (!before) return undefined;
    const after = await this.actions.apply(executionId, action, actor);
    if (!after) return undefined;
    if (action === "resume") await this.resumeParked(executionId);
    else if (action === "cancel" || action === "forceCancel") await this.cancelParked(executionId);
    else if (isTerminalExecutionStatus(before.status) && isUnfinishedExecution(after)) {
      await this.start(executionId, `${executionId}-${action}-${after.attempt}`);
    }
    return after;
  }

  /** Lambda requests see no live changes; clients poll GET /api/executions/{id}. */
  subscribe(_listener: (state: ExecutionState, events: readonly ExecutionEvent[]) => void): () => void {
    return () => {};
  }

  /** StartExecution named after the execution id: starting twice is a no-op, never two loops. */
  async start(executionId: string, name: string = executionId): Promise<void> {
    const input: TickInput = { executionId };
    try {
      await this.sfn.send(
        new StartExecutionCommand({
          stateMachineArn: this.stateMachineArn,
          name,
          input: JSON.stringify(input),
        }),
      );
    } catch (error) {
      if (!(error instanceof ExecutionAlreadyExists)) throw error;
    }
  }

  /** After resume: the parked wait ends and the loop ticks. False when nothing was parked. */
  async resumeParked(executionId: string): Promise<boolean> {
    const taskToken = await this.tokens.take(executionId);
    if (!taskToken) return false;
    return answered(
      this.sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify({ executionId }) })),
    );
  }

  /** After cancel: the parked wait fails with DRSO.Cancelled, which the machine routes to Tick. */
  async cancelParked(executionId: string): Promise<boolean> {
    const taskToken = await this.tokens.take(executionId);
    if (!taskToken) return false;
    return answered(
      this.sfn.send(
        new SendTaskFailureCommand({
          taskToken,
          error: CANCELLED_WHILE_PAUSED,
          cause: "Cancelled by the user",
        }),
      ),
    );
  }
}

/**
 * True when the parked wait took the answer; false when it had already ended (the park itself
 * saw the execution no longer paused and sent the loop to Tick): the loop moves on either way.
 */
const answered = async (sending: Promise<unknown>): Promise<boolean> => {
  try {
    await sending;
    return true;
  } catch (error) {
    if (error instanceof TaskDoesNotExist || error instanceof TaskTimedOut) return false;
    throw error;
  }
};
