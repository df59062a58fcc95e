import { Readable } from "node:stream";
import { SFNClient } from "@aws-sdk/client-sfn";
import {
  type AwsCredentials,
  createAwsAdapters,
  DynamoDbExecutionStore,
  PausedTaskTokens,
  type TickResult,
} from "@drso/aws";
import { type DynamoDbLocal, startDynamoDbLocal } from "@drso/aws/testing";
import { isUnhealthyReplication, type RecoveryPlan } from "@drso/core";
import type { AppDeps } from "@drso/server";
import { type RunningSimulator, SIMULATOR_CREDENTIALS, startSimulator } from "@drso/simulator";
import type { APIGatewayProxyResult } from "aws-lambda";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLambdaApiApp } from "../src/lambda/api-app";
import { NoLongerPaused, parkWhilePaused } from "../src/lambda/execution-park";
import { runExecutionTick } from "../src/lambda/execution-tick";
import { apiGatewayEvent, cognitoTestSigner, lambdaInvoker, localLambdaConfig } from "./lambda-api-harness";
import { seedWavePlan } from "./support/seed-plan";

/**
 * The execution routes of the Lambda API on the Step Functions driver. Step Functions cannot run
 * here: the real SDK client sends its requests to a recording handler (so the test asserts the
 * exact commands), and the test plays the state machine — Tick, Wait the seconds it returns, park
 * the task token while paused — with DynamoDB Local and the simulator behind the same handlers.
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
          servers: Array.from({ length: 12 }, (_, i) => ({ hostname: `web-${i}`, tags: { Tier: "web" } })),
        },
      ],
    },
  ],
};
const logger = pino({ level: process.env.TEST_LOG ?? "silent" });

interface SentCommand {
  target: string;
  body: Record<string, unknown>;
}

/** The real SFN client with a request handler in place of the network: records, answers 200. */
const recordingStepFunctions = () => {
  const sent: SentCommand[] = [];
  const client = new SFNClient({
    region: REGION,
    credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "secret" },
    requestHandler: {
      handle: async (request: { headers: Record<string, string>; body?: string }) => {
        const target = (request.headers["x-amz-target"] ?? "").replace("AWSStepFunctions.", "");
        const body = JSON.parse(request.body ?? "{}") as Record<string, unknown>;
        sent.push({ target, body });
        const answer =
          target === "StartExecution" ? { executionArn: `${ARN}:${body.name}`, startDate: 1 } : {};
        return {
          response: {
            statusCode: 200,
            headers: { "content-type": "application/x-amz-json-1.0" },
            body: Readable.from([Buffer.from(JSON.stringify(answer))]),
          },
        };
      },
    },
  });
  return { client, sent };
};

let local: DynamoDbLocal;
let sim: RunningSimulator;
let dropTables: () => Promise<void>;
let destroy: () => void;
let deps: AppDeps;
let tables: { config: string; audit: string; executions: string };
let tokens: PausedTaskTokens;
let newStore: () => DynamoDbExecutionStore;
let tickDeps: () => Parameters<typeof runExecutionTick>[0];
let sent: SentCommand[];
let invoke: (method: string, path: string, body?: unknown) => Promise<APIGatewayProxyResult>;
let serverIds: string[];

beforeAll(async () => {
  // 600×: a 10-minute DRS job takes a second, so the Waits the Tick asks for stay short.
  [local, sim] = await Promise.all([
    startDynamoDbLocal(),
    startSimulator({ port: 0, timeScale: 600, fleet: FLEET }),
  ]);
  const created = await local.createTables();
  ({ tables } = created);
  dropTables = created.drop;
  const signer = await cognitoTestSigner();
  const config = localLambdaConfig({
    tables: tables,
    dynamoDbEndpoint: local.endpoint,
    simEndpoint: sim.endpoint,
    signer,
    stateMachineArn: ARN,
  });

  const stepFunctions = recordingStepFunctions();
  sent = stepFunctions.sent;
  const credentials = SIMULATOR_CREDENTIALS as AwsCredentials;
  const api = createLambdaApiApp({
    config,
    verifier: signer.verifier,
    logger,
    awsCredentials: credentials,
    stepFunctions: stepFunctions.client,
  });
  ({ deps, destroy } = api);
  const token = await signer.sign({ username: "alice", "cognito:groups": ["DRSOrchestrationAdmin"] });
  const send = lambdaInvoker(api.app);
  invoke = (method, path, body) => send(apiGatewayEvent(method, path, { token, body }));

  // The Tick Lambda's side: its own clients, as a separate function would have.
  const { createDocumentClient } = await import("@drso/aws");
  const client = createDocumentClient({ region: REGION, endpoint: local.endpoint, credentials });
  const adapters = createAwsAdapters({
    endpoint: sim.endpoint,
    credentials,
    homeAccountId: HOME,
    targetAccounts: () => deps.store.listTargetAccounts(),
  });
  tokens = new PausedTaskTokens(client, tables.executions);
  newStore = () => new DynamoDbExecutionStore(client, tables);
  tickDeps = () => ({ store: newStore(), launcher: adapters.launcher, health: adapters.health, logger });
  const listed = await adapters.catalog.listSourceServers(HOME, REGION);
  serverIds = listed.filter((s) => !isUnhealthyReplication(s.replicationState)).map((s) => s.serverId);
  const previousDestroy = destroy;
  destroy = () => {
    previousDestroy();
    adapters.destroy();
    client.destroy();
  };
});

afterAll(async () => {
  destroy?.();
  await dropTables?.();
  await Promise.all([local?.stop(), sim?.close()]);
});

/** One group per wave (the given servers, two a wave); wave 2 waits for approval. */
const twoWavePlan = (name: string, ids: string[]): Promise<RecoveryPlan> =>
  seedWavePlan(deps.store, {
    name,
    accountId: HOME,
    region: REGION,
    waves: [ids.slice(0, 2), ids.slice(2, 4)],
    pauseBeforeWaves: [2],
  });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const data = (result: APIGatewayProxyResult) =>
  (JSON.parse(result.body) as { data: Record<string, unknown> }).data;

/** The state machine until Tick says PAUSED or DONE: Tick, Wait the returned seconds, again. */
const loopUntilPausedOrDone = async (executionId: string): Promise<TickResult> => {
  for (let step = 0; step < 100; step++) {
    const result = await runExecutionTick(tickDeps(), { executionId });
    if (result.outcome !== "WAIT") return result;
    await sleep(result.waitSeconds * 1000);
  }
  throw new Error("the loop did not pause or end in 100 steps");
};

/** ... and, when paused, the ParkWhilePaused task of the Tick Lambda storing the task token. */
const loopUntilParkedOrDone = async (executionId: string, token: string): Promise<TickResult> => {
  const result = await loopUntilPausedOrDone(executionId);
  if (result.outcome === "PAUSED") await parkWhilePaused({ tokens, store: newStore() }, executionId, token);
  return result;
};

describe("Lambda API execution routes on the Step Functions driver", () => {
  it("execute starts the loop named by the execution id; resume answers the parked token; the drill completes", async () => {
    expect(serverIds).toHaveLength(12);
    const plan = await twoWavePlan("SFN drill", serverIds.slice(0, 4));
    const started = await invoke("POST", `/api/recovery-plans/${plan.planId}/execute`, {
      executionType: "DRILL",
    });
    expect(started.statusCode).toBe(202);
    const executionId = String(data(started).executionId);
    expect(sent).toEqual([
      {
        target: "StartExecution",
        body: { stateMachineArn: ARN, name: executionId, input: JSON.stringify({ executionId }) },
      },
    ]);

    expect((await loopUntilParkedOrDone(executionId, "token-pause-1")).outcome).toBe("PAUSED");
    const paused = data(await invoke("GET", `/api/executions/${executionId}`));
    expect(paused.status).toBe("PAUSED");
    // Live updates on Lambda: the current state, then the stream ends (the Lambda must return).
    const stream = await invoke("GET", `/api/executions/${executionId}/events`);
    expect(stream.statusCode).toBe(200);
    const body = stream.isBase64Encoded ? Buffer.from(stream.body, "base64").toString("utf8") : stream.body;
    expect(body.match(/^event: execution$/gm)).toHaveLength(1);
    expect(body).toContain('"status":"PAUSED"');

    const resumed = await invoke("POST", `/api/executions/${executionId}/resume`);
    expect(resumed.statusCode).toBe(200);
    expect(sent.slice(1)).toEqual([
      {
        target: "SendTaskSuccess",
        body: { taskToken: "token-pause-1", output: JSON.stringify({ executionId }) },
      },
    ]);
    // The token is answered once: a second resume is refused by the engine, nothing more is sent.
    expect((await invoke("POST", `/api/executions/${executionId}/resume`)).statusCode).toBe(409);
    expect(sent).toHaveLength(2);

    expect((await loopUntilParkedOrDone(executionId, "unused")).outcome).toBe("DONE");
    const done = data(await invoke("GET", `/api/executions/${executionId}`));
    expect(done.status).toBe("COMPLETED");
    const list = data(await invoke("GET", "/api/executions"));
    expect((list.items as { executionId: string }[]).map((e) => e.executionId)).toContain(executionId);

    // Terminating the drill's instances: the action's own runner step terminates them at once, so
    // the finished execution needs no new loop.
    const sentBefore = sent.length;
    const terminate = await invoke("POST", `/api/executions/${executionId}/terminate-instances`);
    expect(terminate.statusCode).toBe(200);
    expect(data(terminate).instancesTerminated).toBe(true);
    expect(sent).toHaveLength(sentBefore);
  }, 120_000);

  it("cancel while parked fails the parked wait with DRSO.Cancelled, and the next Tick ends the loop", async () => {
    const plan = await twoWavePlan("SFN cancel", serverIds.slice(4, 8));
    const before = sent.length;
    const started = await invoke("POST", "/api/executions", { planId: plan.planId, executionType: "DRILL" });
    expect(started.statusCode).toBe(202);
    const executionId = String(data(started).executionId);
    expect(sent[before]?.body.name).toBe(executionId);
    expect((await loopUntilParkedOrDone(executionId, "token-cancel-1")).outcome).toBe("PAUSED");

    const cancelled = await invoke("POST", `/api/executions/${executionId}/cancel`);
    expect(cancelled.statusCode).toBe(200);
    expect(sent.slice(before + 1)).toEqual([
      {
        target: "SendTaskFailure",
        body: { taskToken: "token-cancel-1", error: "DRSO.Cancelled", cause: "Cancelled by the user" },
      },
    ]);
    expect((await loopUntilParkedOrDone(executionId, "unused")).outcome).toBe("DONE");
    expect(data(await invoke("GET", `/api/executions/${executionId}`)).status).toBe("CANCELLED");
  }, 120_000);

  it("a resume that lands before the park sends nothing, and the park then sends the loop back to Tick", async () => {
    const plan = await twoWavePlan("SFN early resume", serverIds.slice(8, 12));
    const started = await invoke("POST", `/api/recovery-plans/${plan.planId}/execute`, {
      executionType: "DRILL",
    });
    const executionId = String(data(started).executionId);
    expect((await loopUntilPausedOrDone(executionId)).outcome).toBe("PAUSED");
    const before = sent.length;
    expect((await invoke("POST", `/api/executions/${executionId}/resume`)).statusCode).toBe(200);
    expect(sent).toHaveLength(before);

    const park = parkWhilePaused({ tokens, store: newStore() }, executionId, "token-late");
    await expect(park).rejects.toBeInstanceOf(NoLongerPaused);
    await expect(park).rejects.toHaveProperty("name", "DRSO.NoLongerPaused");
    // The withdrawn token is never answered later.
    expect(await tokens.take(executionId)).toBeUndefined();
    expect((await loopUntilParkedOrDone(executionId, "unused")).outcome).toBe("DONE");
    expect(data(await invoke("GET", `/api/executions/${executionId}`)).status).toBe("COMPLETED");
  }, 120_000);
});
