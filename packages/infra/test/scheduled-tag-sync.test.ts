import { randomUUID } from "node:crypto";
import { type AwsCredentials, createAwsAdapters, DynamoDbConfigStore, ScheduleMarker } from "@drso/aws";
import { type DynamoDbLocal, startDynamoDbLocal } from "@drso/aws/testing";
import type { AuditEntry } from "@drso/core";
import {
  type FleetSpec,
  type RunningSimulator,
  SIMULATOR_CREDENTIALS,
  startSimulator,
} from "@drso/simulator";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runScheduledTagSync, type ScheduledTagSyncDeps } from "../src/lambda/scheduled-tag-sync";

/**
 * The tag-sync Lambda's logic (what the EventBridge schedule invokes) on DynamoDB Local and the
 * simulator: it syncs when enabled and due, once per configured interval across invocations.
 */
const HOME = "111111111111";
const REGION = "us-east-1";
const fleet: FleetSpec = {
  homeAccountId: HOME,
  accounts: [
    {
      accountId: HOME,
      regions: [
        {
          region: REGION,
          servers: [
            {
              hostname: "pay-db-1",
              tags: { Application: "Payments" },
              sourceInstanceTags: { Application: "Payments", DRGroup: "gold" },
            },
            {
              hostname: "pay-app-1",
              tags: { Application: "Payments", DRGroup: "bronze" },
              sourceInstanceTags: { Application: "Payments", DRGroup: "silver" },
            },
          ],
        },
      ],
    },
  ],
};

let local: DynamoDbLocal;
let sim: RunningSimulator;
let cleanup: () => Promise<void>;
let deps: ScheduledTagSyncDeps;
let store: DynamoDbConfigStore;
const clock = { at: Date.parse("2026-03-01T00:00:00Z") };

beforeAll(async () => {
  [local, sim] = await Promise.all([startDynamoDbLocal(), startSimulator({ port: 0, fleet })]);
  const { client, tables, drop } = await local.createTables();
  store = new DynamoDbConfigStore(client, tables);
  const adapters = createAwsAdapters({
    endpoint: sim.endpoint,
    credentials: SIMULATOR_CREDENTIALS as AwsCredentials,
    homeAccountId: HOME,
    targetAccounts: () => store.listTargetAccounts(),
  });
  deps = {
    homeAccountId: HOME,
    store,
    catalog: adapters.catalog,
    sourceServerTags: adapters.sourceServerTags,
    marker: new ScheduleMarker(client, tables),
    logger: pino({ level: "silent" }),
    now: () => new Date(clock.at),
  };
  cleanup = async () => {
    adapters.destroy();
    await drop();
  };
});

afterAll(async () => {
  await cleanup?.();
  await Promise.all([local?.stop(), sim?.close()]);
});

const audit = (): AuditEntry => ({
  auditId: randomUUID(),
  timestamp: new Date().toISOString(),
  actor: "alice",
  action: "UpdateSettings",
  resourceType: "settings",
  resourceId: "settings",
});
const drGroups = async () =>
  Object.fromEntries(
    (await deps.catalog.listSourceServers(HOME, REGION)).map((s) => [s.hostname, s.tags.DRGroup]),
  );

describe("scheduled tag sync on AWS (EventBridge → Lambda)", () => {
  it("does nothing while disabled, syncs once enabled, then waits for the configured interval", async () => {
    expect(await runScheduledTagSync(deps)).toEqual({ ran: false, reason: "disabled" });
    expect(await drGroups()).toEqual({ "pay-db-1": undefined, "pay-app-1": "bronze" });

    const settings = await store.getSettings();
    await store.updateSettings(
      { ...settings, tagSync: { enabled: true, intervalMinutes: 60, tagKeys: ["DRGroup"] }, version: 2 },
      settings.version,
      audit(),
    );
    expect(await runScheduledTagSync(deps)).toEqual({ ran: true });
    expect(await drGroups()).toEqual({ "pay-db-1": "gold", "pay-app-1": "silver" });

    // The next invocations (every 5 minutes, or overlapping ones) are not due for an hour.
    clock.at += 5 * 60_000;
    const overlapping = await Promise.all([runScheduledTagSync(deps), runScheduledTagSync(deps)]);
    expect(overlapping).toEqual([
      { ran: false, reason: "not due" },
      { ran: false, reason: "not due" },
    ]);
    clock.at += 55 * 60_000;
    const [a, b] = await Promise.all([runScheduledTagSync(deps), runScheduledTagSync(deps)]);
    // Two invocations at the same moment: exactly one runs.
    expect([a, b].filter((r) => r.ran)).toHaveLength(1);
  });
});
