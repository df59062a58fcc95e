import { type AwsAdapters, createAwsAdapters } from "@drso/aws";
import type { Execution } from "@drso/core";
import { type FleetSpec, SIMULATOR_CREDENTIALS, startSimulator } from "@drso/simulator";
import type { Logger } from "pino";
import { startTestServer, type TestServer } from "../../../test/support/test-server";
import { attachExecutions } from "../../execution-wiring";
import type { WebhookRetryPolicy } from "../../notifications/webhook-delivery";
import type { ExecutionRunner } from "../execution-runner";

/**
 * The real app over HTTP, its DRS/EC2/STS adapters talking to a simulator on a random port, and
 * the execution runner attached — the embedded product in miniature, for the runner's tests.
 */
export interface ExecutionEnv {
  api: TestServer;
  sim: Awaited<ReturnType<typeof startSimulator>>;
  adapters: AwsAdapters;
  runner: ExecutionRunner;
  close(): Promise<void>;
}

export const HOME = "111111111111";
export const TARGET = "222222222222";

export async function startExecutionEnv(
  options: {
    fleet?: FleetSpec;
    timeScale?: number;
    seed?: number;
    pollMinMs?: number;
    pollMaxMs?: number;
    webhookRetry?: Partial<WebhookRetryPolicy>;
    /** The runner's (and the app's) logger and clock: tests capture logs and move time. */
    logger?: Logger;
    now?: () => Date;
  } = {},
): Promise<ExecutionEnv> {
  const sim = await startSimulator({
    port: 0,
    timeScale: options.timeScale ?? 1200,
    seed: options.seed ?? 5,
    fleet: options.fleet,
  });
  let adapters: AwsAdapters | undefined;
  let attached: ReturnType<typeof attachExecutions> | undefined;
  const api = await startTestServer({
    configure: (deps, db) => {
      if (options.logger) deps.logger = options.logger;
      if (options.now) deps.now = options.now;
      adapters = createAwsAdapters({
        endpoint: sim.endpoint,
        homeAccountId: deps.config.homeAccountId,
        credentials: SIMULATOR_CREDENTIALS,
        targetAccounts: () => deps.store.listTargetAccounts(),
        retry: { maxAttempts: 6, baseDelayMs: 2, maxDelayMs: 20 },
        onCall: (call) => deps.metrics?.awsCall(call),
      });
      deps.catalog = adapters.catalog;
      deps.launcher = adapters.launcher;
      deps.health = adapters.health;
      deps.accountAccess = adapters.accountAccess;
      deps.topicPublisher = adapters.sns;
      attached = attachExecutions(deps, db, {
        pollMinMs: options.pollMinMs ?? 50,
        pollMaxMs: options.pollMaxMs ?? 250,
        ...(options.webhookRetry ? { webhookRetry: options.webhookRetry } : {}),
      });
    },
  });
  if (!adapters || !attached) throw new Error("configure did not run");
  await attached.start();
  const built = adapters;
  const runtime = attached;
  return {
    api,
    sim,
    adapters: built,
    runner: runtime.runner,
    close: async () => {
      await runtime.stop();
      await api.close();
      built.destroy();
      await sim.close();
    },
  };
}

export const TARGET_ACCOUNT = {
  accountId: TARGET,
  accountName: "Recovery account",
  roleArn: "arn:aws:iam::222222222222:role/DRSOrchestrationCrossAccountRole",
  externalId: "drso-demo-external-id",
  regions: ["us-east-1", "us-west-2"],
};

let counter = 0;
/** Creates a tag-selected protection group through the API and returns its id. */
export async function tagGroup(
  api: TestServer,
  tagCriteria: Record<string, string>,
  accountId = HOME,
  region = "us-east-1",
): Promise<string> {
  const res = await api.post("/api/protection-groups", {
    groupName: `G${++counter} ${Object.values(tagCriteria).join(" ")}`,
    accountId,
    region,
    tagCriteria,
  });
  if (res.status !== 201) throw new Error(`group: ${res.status} ${res.text}`);
  return res.body.data.groupId as string;
}

/** Creates a protection group of explicit servers through the API. */
export async function serverGroup(
  api: TestServer,
  serverIds: string[],
  accountId = HOME,
  region = "us-east-1",
) {
  const res = await api.post("/api/protection-groups", {
    groupName: `G${++counter} explicit`,
    accountId,
    region,
    serverIds,
  });
  if (res.status !== 201) throw new Error(`group: ${res.status} ${res.text}`);
  return res.body.data.groupId as string;
}

export async function createPlan(
  api: TestServer,
  waves: unknown[],
  rtoTargetMinutes?: number,
): Promise<string> {
  const res = await api.post("/api/recovery-plans", {
    planName: `Plan ${++counter}`,
    waves,
    ...(rtoTargetMinutes ? { rtoTargetMinutes } : {}),
  });
  if (res.status !== 201) throw new Error(`plan: ${res.status} ${res.text}`);
  return res.body.data.planId as string;
}

/** Polls the execution until `until` holds (default: finished). */
export async function waitForExecution(
  api: TestServer,
  executionId: string,
  until: (e: Execution) => boolean = (e) =>
    ["COMPLETED", "PARTIAL", "FAILED", "CANCELLED"].includes(e.status),
  timeoutMs = 60_000,
): Promise<Execution> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await api.get(`/api/executions/${executionId}`);
    const e = res.body.data as Execution;
    if (until(e)) return e;
    if (Date.now() > deadline)
      throw new Error(
        `execution ${executionId} stuck in ${e.status}: ${JSON.stringify(e.waveStatus.map((w) => w.status))}`,
      );
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Source server ids of the simulator's fleet that match the tags. */
export async function serverIdsByTags(
  env: ExecutionEnv,
  tags: Record<string, string>,
  accountId = HOME,
  region = "us-east-1",
) {
  const all = await env.adapters.catalog.listSourceServers(accountId, region);
  return all.filter((s) => Object.entries(tags).every(([k, v]) => s.tags[k] === v)).map((s) => s.serverId);
}
