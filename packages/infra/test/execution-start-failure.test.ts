import { Readable } from "node:stream";
import { SFNClient } from "@aws-sdk/client-sfn";
import { type AwsCredentials, createAwsAdapters } from "@drso/aws";
import { type DynamoDbLocal, startDynamoDbLocal } from "@drso/aws/testing";
import { isUnhealthyReplication, type RecoveryPlan } from "@drso/core";
import type { AppDeps } from "@drso/server";
import { type RunningSimulator, SIMULATOR_CREDENTIALS, startSimulator } from "@drso/simulator";
import type { APIGatewayProxyResult } from "aws-lambda";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLambdaApiApp } from "../src/lambda/api-app";
import { apiGatewayEvent, cognitoTestSigner, lambdaInvoker, localLambdaConfig } from "./lambda-api-harness";
import { seedWavePlan } from "./support/seed-plan";

/**
 * When Step Functions refuses to start the loop of a new execution, the execution must not stay
 * claimed with nothing driving it. The real SFN client talks to a handler that fails StartExecution
 * as often as the test says (AccessDenied, which the SDK does not retry itself).
 */
const HOME = "111111111111";
const REGION = "us-east-1";
const ARN = `arn:aws:states:${REGION}:${HOME}:stateMachine:drso-test-executions`;
const FLEET = {
  homeAccountId: HOME,
  accounts: [
    {
      accountId: HOME,
      regions: [
        {
          region: REGION,
          servers: Array.from({ length: 6 }, (_, i) => ({ hostname: `app-${i}`, tags: { Tier: "app" } })),
        },
      ],
    },
  ],
};

/** StartExecution names it was asked for, and how many more calls should fail. */
const flakyStepFunctions = () => {
  const calls: string[] = [];
  const control = { failuresLeft: 0 };
  const client = new SFNClient({
    region: REGION,
    credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "secret" },
    maxAttempts: 1,
    requestHandler: {
      handle: async (request: { headers: Record<string, string>; body?: string }) => {
        const body = JSON.parse(request.body ?? "{}") as { name?: string };
        calls.push(String(body.name));
        const failing = control.failuresLeft > 0;
        if (failing) control.failuresLeft--;
        const answer = failing
          ? { __type: "AccessDeniedException", message: "not authorized to perform states:StartExecution" }
          : { executionArn: `${ARN}:${body.name}`, startDate: 1 };
        return {
          response: {
            statusCode: failing ? 400 : 200,
            headers: { "content-type": "application/x-amz-json-1.0" },
            body: Readable.from([Buffer.from(JSON.stringify(answer))]),
          },
        };
      },
    },
  });
  return { client, calls, control };
};

let local: DynamoDbLocal;
let sim: RunningSimulator;
let dropTables: () => Promise<void>;
let destroy: () => void;
let deps: AppDeps;
let sfn: ReturnType<typeof flakyStepFunctions>;
let invoke: (method: string, path: string, body?: unknown) => Promise<APIGatewayProxyResult>;
let serverIds: string[];

beforeAll(async () => {
  [local, sim] = await Promise.all([startDynamoDbLocal(), startSimulator({ port: 0, fleet: FLEET })]);
  const created = await local.createTables();
  dropTables = created.drop;
  const signer = await cognitoTestSigner();
  const config = localLambdaConfig({
    tables: created.tables,
    dynamoDbEndpoint: local.endpoint,
    simEndpoint: sim.endpoint,
    signer,
    stateMachineArn: ARN,
  });

  sfn = flakyStepFunctions();
  const credentials = SIMULATOR_CREDENTIALS as AwsCredentials;
  const api = createLambdaApiApp({
    config,
    verifier: signer.verifier,
    logger: pino({ level: "silent" }),
    awsCredentials: credentials,
    stepFunctions: sfn.client,
  });
  deps = api.deps;
  const token = await signer.sign({ username: "alice", "cognito:groups": ["DRSOrchestrationAdmin"] });
  const send = lambdaInvoker(api.app);
  invoke = (method, path, body) => send(apiGatewayEvent(method, path, { token, body }));
  const adapters = createAwsAdapters({
    endpoint: sim.endpoint,
    credentials,
    homeAccountId: HOME,
    targetAccounts: async () => [],
  });
  serverIds = (await adapters.catalog.listSourceServers(HOME, REGION))
    .filter((s) => !isUnhealthyReplication(s.replicationState))
    .map((s) => s.serverId);
  destroy = () => {
    api.destroy();
    adapters.destroy();
  };
});

afterAll(async () => {
  destroy?.();
  await dropTables?.();
  await Promise.all([local?.stop(), sim?.close()]);
});

/** A one-wave plan over `ids`. */
const plan = (name: string, ids: string[]): Promise<RecoveryPlan> =>
  seedWavePlan(deps.store, { name, accountId: HOME, region: REGION, waves: [ids] });

const body = (result: APIGatewayProxyResult) =>
  JSON.parse(result.body) as {
    data: Record<string, unknown>;
    error?: { code: string; message: string; details?: Record<string, unknown> };
  };

interface ServerView {
  serverId: string;
  error?: string;
}

describe("Lambda API when Step Functions does not start an execution's loop", () => {
  it("tries StartExecution again under the same name, then marks the execution FAILED with the reason and frees its servers", async () => {
    const p = await plan("Refused loop", serverIds.slice(0, 2));
    sfn.control.failuresLeft = 3;
    const calls = sfn.calls.length;
    const refused = await invoke("POST", `/api/recovery-plans/${p.planId}/execute`, {
      executionType: "DRILL",
    });
    expect(refused.statusCode).toBe(502);
    const error = body(refused).error;
    expect(error?.code).toBe("EXECUTION_NOT_STARTED");
    expect(error?.message).toContain("AccessDenied");
    const executionId = String(error?.details?.executionId);
    expect(sfn.calls.slice(calls)).toEqual([executionId, executionId, executionId]);

    const shown = body(await invoke("GET", `/api/executions/${executionId}`)).data;
    expect(shown.status).toBe("FAILED");
    const waves = shown.waveStatus as { status: string; servers: ServerView[] }[];
    expect(waves.map((w) => w.status)).toEqual(["FAILED"]);
    for (const s of waves.flatMap((w) => w.servers)) expect(s.error).toContain("could not be started");

    // The servers are free: once Step Functions answers again, the plan starts.
    const again = await invoke("POST", `/api/recovery-plans/${p.planId}/execute`, { executionType: "DRILL" });
    expect(again.statusCode).toBe(202);
    expect(body(again).data.status).toBe("PENDING");
  });

  it("a StartExecution that fails once and then succeeds starts one loop; the execution stays claimed", async () => {
    const p = await plan("Flaky loop", serverIds.slice(2, 4));
    sfn.control.failuresLeft = 1;
    const calls = sfn.calls.length;
    const started = await invoke("POST", `/api/recovery-plans/${p.planId}/execute`, {
      executionType: "DRILL",
    });
    expect(started.statusCode).toBe(202);
    const executionId = String(body(started).data.executionId);
    expect(sfn.calls.slice(calls)).toEqual([executionId, executionId]);
    const second = await invoke("POST", `/api/recovery-plans/${p.planId}/execute`, {
      executionType: "DRILL",
    });
    expect(second.statusCode).toBe(409);
    expect(body(second).error?.code).toBe("SERVER_IN_ACTIVE_EXECUTION");
  });
});
