import { CANCELLED_WHILE_PAUSED, NO_LONGER_PAUSED, TICK_CONFLICT } from "./tick-result";

/**
 * Amazon States Language for one execution: a small loop around the Tick Lambda.
 *
 *   Tick ─► Route ─┬─ WAIT   ─► Wait (SecondsPath $.waitSeconds) ─► Tick
 *                  ├─ PAUSED ─► ParkWhilePaused (.waitForTaskToken) ─► Tick
 *                  └─ DONE   ─► Done
 *
 * All decisions live in the engine (`decide`), so the machine never changes when the rules do.
 * Resume answers the parked token with SendTaskSuccess, cancel with SendTaskFailure
 * (`DRSO.Cancelled`); both lead back to Tick, which reads the new status from the store.
 */
export interface StateMachineDefinitionOptions {
  /** ARN (or a CDK token that resolves to it) of the Tick Lambda function. */
  tickFunctionArn: string;
  /** Longest time a paused execution waits for resume/cancel before Tick looks again. */
  pauseTimeoutSeconds?: number;
}

// Lambda's own transient failures; retried with backoff as AWS recommends for lambda:invoke.
const LAMBDA_TRANSIENT_ERRORS = [
  "Lambda.ServiceException",
  "Lambda.AWSLambdaException",
  "Lambda.SdkClientException",
  "Lambda.TooManyRequestsException",
];

export const buildExecutionStateMachineDefinition = (options: StateMachineDefinitionOptions) => {
  const retry = [
    {
      ErrorEquals: LAMBDA_TRANSIENT_ERRORS,
      IntervalSeconds: 2,
      MaxAttempts: 6,
      BackoffRate: 2,
      JitterStrategy: "FULL",
    },
    {
      ErrorEquals: [TICK_CONFLICT],
      IntervalSeconds: 1,
      MaxAttempts: 10,
      BackoffRate: 1.5,
      JitterStrategy: "FULL",
    },
  ];
  return {
    Comment: "DRS Orchestrator execution loop: Tick decides, the machine only waits",
    StartAt: "Tick",
    States: {
      Tick: {
        Type: "Task",
        Resource: "arn:aws:states:::lambda:invoke",
        Parameters: {
          FunctionName: options.tickFunctionArn,
          Payload: { "executionId.$": "$.executionId", action: "tick" },
        },
        ResultSelector: {
          "executionId.$": "$.Payload.executionId",
          "outcome.$": "$.Payload.outcome",
          "waitSeconds.$": "$.Payload.waitSeconds",
        },
        Retry: retry,
        Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "TickFailed" }],
        Next: "Route",
      },
      Route: {
        Type: "Choice",
        Choices: [
          { Variable: "$.outcome", StringEquals: "DONE", Next: "Done" },
          { Variable: "$.outcome", StringEquals: "PAUSED", Next: "ParkWhilePaused" },
        ],
        Default: "Wait",
      },
      Wait: { Type: "Wait", SecondsPath: "$.waitSeconds", Next: "Tick" },
      ParkWhilePaused: {
        Type: "Task",
        Resource: "arn:aws:states:::lambda:invoke.waitForTaskToken",
        Parameters: {
          FunctionName: options.tickFunctionArn,
          Payload: { "executionId.$": "$.executionId", action: "park", "taskToken.$": "$$.Task.Token" },
        },
        TimeoutSeconds: options.pauseTimeoutSeconds ?? 7 * 24 * 3600,
        ResultPath: null,
        Retry: [retry[0]],
        Catch: [
          // Cancel, timeout and a resume that beat the park go back to Tick: the store, not the token, says what happens next.
          {
            ErrorEquals: [CANCELLED_WHILE_PAUSED, NO_LONGER_PAUSED, "States.Timeout"],
            ResultPath: null,
            Next: "Tick",
          },
          { ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "TickFailed" },
        ],
        Next: "Tick",
      },
      Done: { Type: "Succeed" },
      TickFailed: { Type: "Fail", Error: "DRSO.TickFailed", Cause: "The Tick Lambda failed after retries" },
    },
  };
};
