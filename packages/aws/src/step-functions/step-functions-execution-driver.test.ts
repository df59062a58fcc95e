import { SFNClient } from "@aws-sdk/client-sfn";
import type { ExecutionState } from "@drso/core";
import { describe, expect, it } from "vitest";
import type { PausedTaskTokens } from "./paused-task-tokens";
import { type ExecutionActions, StepFunctionsExecutionDriver } from "./step-functions-execution-driver";

/**
 * The real SDK client builds and signs each request; a request handler in place of the network
 * records it and answers as Step Functions does, so the test asserts the exact calls sent.
 */
const recordingClient = (answer: (target: string) => { status: number; body: unknown }) => {
  const sent: { target: string; body: Record<string, unknown> }[] = [];
  const client = new SFNClient({
    region: "us-east-1",
    credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "secret" },
    requestHandler: {
      handle: async (request: { headers: Record<string, string>; body?: string }) => {
        const target = (request.headers["x-amz-target"] ?? "").replace("AWSStepFunctions.", "");
        sent.push({ target, body: JSON.parse(request.body ?? "{}") as Record<string, unknown> });
        const { status, body } = answer(target);
        const { Readable } = await import("node:stream");
        return {
          response: {
            statusCode: status,
            headers: { "content-type": "application/x-amz-json-1.0" },
            body: Readable.from([Buffer.from(JSON.stringify(body))]),
          },
        };
      },
    },
  });
  return { client, sent };
};

const tokens = (token: string | undefined) =>
  ({ take: async () => token, park: async () => undefined }) as unknown as PausedTaskTokens;
const ARN = "arn:aws:states:us-east-1:111111111111:stateMachine:drso-test-executions";

describe("Step Functions execution driver", () => {
  it("starts the loop named after the execution, and treats a second start as done", async () => {
    const { client, sent } = recordingClient(() =>
      sent.length === 1
        ? { status: 200, body: { executionArn: `${ARN}:exec-1`, startDate: 1 } }
        : { status: 400, body: { __type: "ExecutionAlreadyExists", message: `Execution already exists` } },
    );
    const driver = new StepFunctionsExecutionDriver(client, ARN, tokens(undefined));
    await driver.start("exec-1");
    await driver.start("exec-1");
    expect(sent).toHaveLength(2);
    expect(sent[0]).toEqual({
      target: "StartExecution",
      body: { stateMachineArn: ARN, name: "exec-1", input: JSON.stringify({ executionId: "exec-1" }) },
    });
  });

  it("ends a parked wait with SendTaskSuccess on resume and SendTaskFailure(DRSO.Cancelled) on cancel", async () => {
    const { client, sent } = recordingClient(() => ({ status: 200, body: {} }));
    await new StepFunctionsExecutionDriver(client, ARN, tokens("token-1")).resumeParked("exec-1");
    await new StepFunctionsExecutionDriver(client, ARN, tokens("token-2")).cancelParked("exec-1");
    expect(sent).toEqual([
      {
        target: "SendTaskSuccess",
        body: { taskToken: "token-1", output: JSON.stringify({ executionId: "exec-1" }) },
      },
      {
        target: "SendTaskFailure",
        body: { taskToken: "token-2", error: "DRSO.Cancelled", cause: "Cancelled by the user" },
      },
    ]);
  });

  it("a force cancel of a paused execution ends its parked wait, so the loop ends at once", async () => {
    const { client, sent } = recordingClient(() => ({ status: 200, body: {} }));
    const paused = { executionId: "exec-1", status: "PAUSED" } as ExecutionState;
    const actions: ExecutionActions = {
      get: async () => paused,
      apply: async () => ({ ...paused, status: "CANCELLED" }),
    };
    const driver = new StepFunctionsExecutionDriver(client, ARN, tokens("token-3"), actions);
    expect((await driver.act("exec-1", "forceCancel", "alice"))?.status).toBe("CANCELLED");
    expect(sent).toEqual([
      {
        target: "SendTaskFailure",
        body: { taskToken: "token-3", error: "DRSO.Cancelled", cause: "Cancelled by the user" },
      },
    ]);
  });

  it("sends nothing when no wait is parked (the execution was running)", async () => {
    const { client, sent } = recordingClient(() => ({ status: 200, body: {} }));
    expect(
      await new StepFunctionsExecutionDriver(client, ARN, tokens(undefined)).resumeParked("exec-1"),
    ).toBe(false);
    expect(sent).toEqual([]);
  });
});
