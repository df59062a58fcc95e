import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import {
  type AwsAdapters,
  type AwsCredentials,
  createAwsAdapters,
  DynamoDbConfigStore,
  DynamoDbExecutionStore,
} from "@drso/aws";
import { type DynamoDbLocal, startDynamoDbLocal } from "@drso/aws/testing";
import {
  type ExecutionState,
  isUnhealthyReplication,
  type RecoveryPlan,
  type SourceServer,
} from "@drso/core";
import { createExecution, ExecutionRunner } from "@drso/server";
import { type RunningSimulator, SIMULATOR_CREDENTIALS, startSimulator } from "@drso/simulator";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runExecutionTick } from "../src/lambda/execution-tick";
import { wakeExecutions } from "../src/lambda/execution-wake";
import { createTickNotifications } from "../src/lambda/tick-notifications";
import { seedWavePlan, setupAudit } from "./support/seed-plan";

/**
 * A 3-wave drill driven exactly as the Step Functions loop drives it: Tick, then Wait the seconds
 * the Tick returned (really sleeping), or — when the Tick says PAUSED — the parked wait that the
 * resume API ends; every Tick gets a fresh store, as a new Lambda invocation would. The same plan
 * shape then runs on the local in-process runner; both must end the same way.
 */
const HOME = "111111111111";
const REGION = "us-east-1";
/** 18 replicating servers in the home account's us-east-1: three tests' worth of 3-wave plans. */
const FLEET = {
  homeAccountId: HOME,
  accounts: [
    {
      accountId: HOME,
      regions: [
        {
          region: REGION,
          servers: Array.from({ length: 18 }, (_, i) => ({ hostname: `app-${i}`, tags: { Tier: "app" } })),
        },
        { region: "us-west-2", servers: [{ hostname: "west-0" }] },
      ],
    },
  ],
};
const logger = pino({ level: process.env.TEST_LOG ?? "silent" });

let local: DynamoDbLocal;
let sim: RunningSimulator;
let client: DynamoDBDocumentClient;
let tables: { config: string; audit: string; executions: string };
let drop: () => Promise<void>;
let adapters: AwsAdapters;
let config: DynamoDbConfigStore;
let servers: SourceServer[];

beforeAll(async () => {
  // 600×: a 10-minute DRS job takes a second, so a Wait of a few seconds sees real progress.
  [local, sim] = await Promise.all([
    startDynamoDbLocal(),
    startSimulator({ port: 0, timeScale: 600, fleet: FLEET }),
  ]);
  ({ client, tables, drop } = await local.createTables());
  config = new DynamoDbConfigStore(client, tables);
  adapters = createAwsAdapters({
    endpoint: sim.endpoint,
    credentials: SIMULATOR_CREDENTIALS as AwsCredentials,
    homeAccountId: HOME,
    targetAccounts: () => config.listTargetAccounts(),
  });
  servers = (await adapters.catalog.listSourceServers(HOME, REGION)).filter(
    (s) => !isUnhealthyReplication(s.replicationState),
  );
});

afterAll(async () => {
  adapters?.destroy();
  await drop?.();
  await Promise.all([local?.stop(), sim?.close()]);
});

/** Three groups of two servers each, and a plan with one wave per group; wave 2 waits for approval. */
const threeWavePlan = (name: string, pick: SourceServer[]): Promise<RecoveryPlan> =>
  seedWavePlan(config, {
    name,
    accountId: HOME,
    region: REGION,
    waves: [0, 1, 2].map((i) => pick.slice(i * 2, i * 2 + 2).map((s) => s.serverId)),
    pauseBeforeWaves: [2],
  });

const start = (planId: string) =>
  createExecution(
    {
      store: config,
      executions: new DynamoDbExecutionStore(client, tables),
      catalog: adapters.catalog,
      launcher: adapters.launcher,
      now: () => new Date(),
      pollMinMs: 500,
      pollMaxMs: 2000,
    },
    planId,
    "DRILL",
    { username: "alice", roles: ["DRSOrchestrationAdmin"] },
  );

const summary = (s: ExecutionState) => ({
  status: s.status,
  waves: s.waves.map((w) => ({ waveNumber: w.waveNumber, status: w.status })),
  servers: Object.values(s.servers)
    .map((x) => x.health)
    .sort(),
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("Step Functions runner (Tick in a loop) with DynamoDB and the simulator", () => {
  it("runs a 3-wave drill through a pause to the same result as the local runner", async () => {
    expect(servers.length).toBe(18);
    // A webhook receiver in the settings: the Tick Lambda notifies as `drso serve` does.
    const received: { event: string; executionId?: string }[] = [];
    const receiver = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => {
        body += chunk.toString("utf8");
      });
      req.on("end", () => {
        received.push(JSON.parse(body) as { event: string; executionId?: string });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const settings = await config.getSettings();
    await config.updateSettings(
      {
        ...settings,
        notifications: {
          enabledEvents: ["EXECUTION_STARTED", "EXECUTION_PAUSED", "EXECUTION_COMPLETED"],
          // The local receiver is on loopback over http: allowed explicitly, as an admin would.
          allowedHosts: ["127.0.0.1"],
          webhooks: [
            {
              url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
              secret: "s".repeat(32),
              events: [],
            },
          ],
        },
        version: settings.version + 1,
      },
      settings.version,
      setupAudit("settings"),
    );
    const notifications = createTickNotifications({ settings: config, logger });
    const tickDeps = () => ({
      store: new DynamoDbExecutionStore(client, tables),
      launcher: adapters.launcher,
      health: adapters.health,
      logger,
      onNotify: notifications.onNotify,
    });

    // --- the state machine's loop ---
    const plan = await threeWavePlan("Step Functions drill", servers.slice(0, 6));
    const execution = await start(plan.planId);
    const outcomes: string[] = [];
    let waited = 0;
    let result = await runExecutionTick(tickDeps(), { executionId: execution.executionId });
    for (let step = 0; step < 200 && result.outcome !== "DONE"; step++) {
      outcomes.push(result.outcome);
      if (result.outcome === "WAIT") {
        expect(result.waitSeconds).toBeGreaterThanOrEqual(1);
        waited += result.waitSeconds;
        await sleep(result.waitSeconds * 1000);
        result = await runExecutionTick(tickDeps(), { executionId: execution.executionId });
      } else {
        // Parked on the task token; the resume API applies the action and answers the token → Tick.
        const paused = (await tickDeps().store.get(execution.executionId)) as ExecutionState;
        expect(paused.waves.map((w) => w.status)).toEqual(["COMPLETED", "WAITING_APPROVAL", "PENDING"]);
        result = await runExecutionTick(tickDeps(), {
          executionId: execution.executionId,
          userAction: { action: "resume", actor: "alice" },
        });
      }
    }
    await notifications.drain();
    receiver.close();
    expect(received.filter((n) => n.executionId === execution.executionId).map((n) => n.event)).toEqual([
      "EXECUTION_STARTED",
      "EXECUTION_PAUSED",
      "EXECUTION_COMPLETED",
    ]);
    expect(outcomes.filter((o) => o === "PAUSED")).toHaveLength(1);
    expect(waited).toBeGreaterThan(0);
    const viaStepFunctions = (await tickDeps().store.get(execution.executionId)) as ExecutionState;
    expect(summary(viaStepFunctions)).toEqual({
      status: "COMPLETED",
      waves: [1, 2, 3].map((waveNumber) => ({ waveNumber, status: "COMPLETED" })),
      servers: Array(6).fill("HEALTHY"),
    });
    const events = await tickDeps().store.events(execution.executionId);
    expect(events.map((e) => e.event.type)).toContain("WaveAwaitingApproval");
    expect(events.filter((e) => e.event.type === "BatchLaunched")).toHaveLength(3);

    // --- the same plan shape on the local in-process runner ---
    const localPlan = await threeWavePlan("Local runner drill", servers.slice(6, 12));
    const store = new DynamoDbExecutionStore(client, tables);
    const runner = new ExecutionRunner({
      store,
      launcher: adapters.launcher,
      health: adapters.health,
      logger,
    });
    const localExecution = await start(localPlan.planId);
    await runner.start();
    try {
      let state = localExecution;
      for (let i = 0; i < 600 && state.status !== "COMPLETED" && state.status !== "FAILED"; i++) {
        await sleep(200);
        // The runner's own view: the store shows an event a moment before the runner acts on it.
        state =
          runner.current(localExecution.executionId) ??
          ((await store.get(localExecution.executionId)) as ExecutionState);
        if (state.status === "PAUSED")
          state = (await runner.act(state.executionId, "resume", "alice")) ?? state;
      }
      expect(summary(state)).toEqual(summary(viaStepFunctions));
    } finally {
      await runner.stop();
    }
  }, 180_000);

  it("an EventBridge DRS event in the execution's account-region ticks it at once; other regions do not", async () => {
    const plan = await threeWavePlan("Woken drill", servers.slice(12, 18));
    const execution = await start(plan.planId);
    const store = () => new DynamoDbExecutionStore(client, tables);
    await runExecutionTick(
      { store: store(), launcher: adapters.launcher, health: adapters.health, logger },
      { executionId: execution.executionId },
    );
    const before = (await store().events(execution.executionId)).length;
    const deps = { newStore: store, launcher: adapters.launcher, health: adapters.health, logger };
    const event = { source: "aws.drs", "detail-type": "DRS Source Server Launch Result", account: HOME };
    expect(await wakeExecutions(deps, { ...event, region: "us-west-2" })).toEqual({ woken: [] });
    await sleep(3000);
    expect(await wakeExecutions(deps, { ...event, region: REGION })).toEqual({
      woken: [execution.executionId],
    });
    expect((await store().events(execution.executionId)).length).toBeGreaterThan(before);
  }, 60_000);
});
