import {
  ExecutionAlreadyExists,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  type SFNClient,
  StartExecutionCommand,
} from "@aws-sdk/client-sfn";
import type { PausedTaskTokens } from "./paused-task-tokens";
import { CANCELLED_WHILE_PAUSED, type TickInput } from "./tick-result";

/**
 * What the API does to the Step Functions runner: start the loop of a new execution, and end the
 * parked wait of a paused one when the user resumes or cancels it (the Tick that follows reads the
 * user's action from the store). Running executions need nothing: their next Tick sees the change.
 */
export class StepFunctionsExecutionDriver {
  constructor(
    private readonly sfn: SFNClient,
    private readonly stateMachineArn: string,
    private readonly tokens: PausedTaskTokens,
  ) {}

  /** StartExecution named after the execution id: starting twice is a no-op, never two loops. */
  async start(executionId: string): Promise<void> {
    const input: TickInput = { executionId };
    try {
      await this.sfn.send(
        new StartExecutionCommand({
          stateMachineArn: this.stateMachineArn,
          name: executionId,
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
    await this.sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify({ executionId }) }));
    return true;
  }

  /** After cancel: the parked wait fails with DRSO.Cancelled, which the machine routes to Tick. */
  async cancelParked(executionId: string): Promise<boolean> {
    const taskToken = await this.tokens.take(executionId);
    if (!taskToken) return false;
    await this.sfn.send(
      new SendTaskFailureCommand({
        taskToken,
        error: CANCELLED_WHILE_PAUSED,
        cause: "Cancelled by the user",
      }),
    );
    return true;
  }
}
