import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { AuditEntry } from "@drso/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { wireAwsAdapters } from "../src/aws-adapter-wiring";
import { type ExecutionEnv, HOME, startExecutionEnv } from "../src/runner/testing/execution-test-env";
import { type SimulatedApi, startSimulatedApi } from "./support/simulated-aws-deps";
import { startTestServer, type TestServer } from "./support/test-server";

const scope = `accountId=${HOME}&region=us-east-1`;
const SECRET = "a-webhook-secret-of-32-characters";
const NEW_SECRET = "a-rotated-webhook-secret-of-32-ch";

/** Settings, launch and replication settings and test notifications leave who/what/when/before-after. */
describe("audit of settings and notification mutations", () => {
  let env: ExecutionEnv;
  let serverId = "";
  let receiver: Server;
  let hook = "";
  beforeAll(async () => {
    receiver = createServer((req, res) => req.resume().on("end", () => res.end()));
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    env = await startExecutionEnv({ webhookRetry: { maxAttempts: 1 } });
    wireAwsAdapters(env.api.deps, env.adapters);
    serverId = (await env.api.get(`/api/drs/source-servers?${scope}`)).body.data.items[0].serverId;
  });
  afterAll(async () => {
    await env.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  const lastAudit = async (action: string) => {
    const items = (await env.api.get("/api/audit?limit=100")).body.data.items as AuditEntry[];
    return items.find((a) => a.action === action);
  };
  const settingsBody = async () => {
    const { quotas, healthCheckTimeoutSeconds, defaultRegion, version } = (
      await env.api.get("/api/config/settings")
    ).body.data;
    return { quotas, healthCheckTimeoutSeconds, defaultRegion, version };
  };

  it("PUT /api/config/settings records the changed fields, before and after, never a secret", async () => {
    const started = Date.now();
    const first = await env.api.put("/api/config/settings", {
      ...(await settingsBody()),
      healthCheckTimeoutSeconds: 900,
      notifications: { allowedHosts: ["127.0.0.1"], webhooks: [{ url: hook, secret: SECRET }] },
    });
    expect(first.status, first.text).toBe(200);
    const entry = await lastAudit("UpdateSettings");
    expect(entry).toMatchObject({ actor: "DRSOrchestrationAdmin", resourceType: "settings" });
    expect(Date.parse(entry?.timestamp ?? "")).toBeGreaterThanOrEqual(started - 1000);
    expect(entry?.details?.changes).toEqual(
      expect.arrayContaining([
        { field: "healthCheckTimeoutSeconds", from: 600, to: 900 },
        expect.objectContaining({ field: "notifications.webhooks.0.url", to: hook }),
        { field: "notifications.allowedHosts", from: [], to: ["127.0.0.1"] },
        expect.objectContaining({ field: "notifications.webhooks.0.secret", to: "(redacted)" }),
      ]),
    );

    const { webhooks } = (await env.api.get("/api/config/settings")).body.data.notifications;
    const rotate = await env.api.put("/api/config/settings", {
      ...(await settingsBody()),
      notifications: { allowedHosts: ["127.0.0.1"], webhooks: [{ ...webhooks[0], secret: NEW_SECRET }] },
    });
    expect(rotate.status, rotate.text).toBe(200);
    const rotated = await lastAudit("UpdateSettings");
    expect(rotated?.details?.changes).toEqual([
      { field: "notifications.webhooks.0.secret", from: "(redacted)", to: "(redacted)" },
    ]);
    const log = JSON.stringify((await env.api.get("/api/audit?limit=100")).body.data.items);
    expect(log).not.toContain(SECRET);
    expect(log).not.toContain(NEW_SECRET);
  });

  it("PUT launch-settings records the fields it changed with their old values", async () => {
    const path = `/api/drs/source-servers/${serverId}/launch-settings?${scope}`;
    const before = (await env.api.get(path)).body.data;
    const put = await env.api.put(
      path,
      { launchConfiguration: { copyPrivateIp: !before.launchConfiguration.copyPrivateIp } },
      { role: "DRSPlanManager" },
    );
    expect(put.status, put.text).toBe(200);
    const entry = await lastAudit("UpdateLaunchSettings");
    expect(entry).toMatchObject({
      actor: "DRSPlanManager",
      resourceType: "source-server",
      resourceId: serverId,
      details: {
        accountId: HOME,
        region: "us-east-1",
        changes: [
          {
            field: "launchConfiguration.copyPrivateIp",
            from: before.launchConfiguration.copyPrivateIp,
            to: !before.launchConfiguration.copyPrivateIp,
          },
        ],
      },
    });
  });

  it("PUT replication-settings records the fields it changed with their old values", async () => {
    const path = `/api/drs/source-servers/${serverId}/replication-settings?${scope}`;
    const before = (await env.api.get(path)).body.data;
    const put = await env.api.put(path, { bandwidthThrottling: before.bandwidthThrottling + 25 });
    expect(put.status, put.text).toBe(200);
    const entry = await lastAudit("UpdateReplicationSettings");
    expect(entry).toMatchObject({
      actor: "DRSOrchestrationAdmin",
      resourceType: "source-server",
      resourceId: serverId,
      details: {
        accountId: HOME,
        region: "us-east-1",
        changes: [
          {
            field: "bandwidthThrottling",
            from: before.bandwidthThrottling,
            to: before.bandwidthThrottling + 25,
          },
        ],
      },
    });
  });

  it("POST /api/notifications/test records who sent it and what each receiver answered", async () => {
    const res = await env.api.post("/api/notifications/test", { message: "hello" });
    expect(res.status, res.text).toBe(200);
    const entry = await lastAudit("SendTestNotification");
    expect(entry).toMatchObject({
      actor: "DRSOrchestrationAdmin",
      resourceType: "notification",
      resourceId: res.body.data.notificationId,
      details: {
        deliveries: [{ channel: "WEBHOOK", target: hook, status: "DELIVERED" }],
      },
    });
  });
});

/** The audit log is the config store's: a server that runs no executions audits DRS changes too. */
describe("audit of DRS changes without an execution runtime", () => {
  let env: SimulatedApi;
  beforeAll(async () => {
    env = await startSimulatedApi();
  });
  afterAll(() => env.close());

  it("tag edits, tag sync, launch and replication settings each leave their entry", async () => {
    expect(env.api.deps.executions).toBeUndefined();
    const serverId = (await env.api.get(`/api/drs/source-servers?${scope}`)).body.data.items[0].serverId;
    const base = `/api/drs/source-servers/${serverId}`;
    const changes = [
      await env.api.put(`${base}/tags`, { accountId: HOME, region: "us-east-1", tags: { Audited: "yes" } }),
      await env.api.post("/api/drs/tag-sync", { accountId: HOME, region: "us-east-1", dryRun: false }),
      await env.api.put(`${base}/launch-settings?${scope}`, {
        launchConfiguration: { copyTags: true },
      }),
      await env.api.put(`${base}/replication-settings?${scope}`, { bandwidthThrottling: 10 }),
    ];
    for (const res of changes) expect(res.status, res.text).toBe(200);
    const entries = ((await env.api.get("/api/audit?limit=100")).body.data.items as AuditEntry[]).filter(
      (e) => e.resourceType === "source-server",
    );
    expect(entries.map((e) => e.action).sort()).toEqual(
      [
        "SyncSourceServerTags",
        "UpdateLaunchSettings",
        "UpdateReplicationSettings",
        "UpdateSourceServerTags",
      ].sort(),
    );
    expect(entries.find((e) => e.action === "UpdateSourceServerTags")).toMatchObject({
      actor: "DRSOrchestrationAdmin",
      resourceId: serverId,
      details: { added: ["Audited"] },
    });
  });
});

describe("audit of record updates: each changed field before and after", () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(() => s.close());

  const changesOf = async (resourceId: string, action: string) => {
    const items = (await s.get(`/api/audit?resourceId=${resourceId}`)).body.data.items as AuditEntry[];
    return items.find((e) => e.action === action)?.details?.changes;
  };

  it("a protection group, a recovery plan and a target account (ExternalId redacted)", async () => {
    const group = (
      await s.post("/api/protection-groups", {
        groupName: "Web",
        accountId: HOME,
        region: "us-east-1",
        tagCriteria: { Tier: "web" },
      })
    ).body.data;
    const groupPut = await s.put(`/api/protection-groups/${group.groupId}`, {
      groupName: "Web tier",
      accountId: HOME,
      region: "us-east-1",
      tagCriteria: { Tier: "web" },
      description: "front end",
      version: group.version,
    });
    expect(groupPut.status, groupPut.text).toBe(200);
    expect(await changesOf(group.groupId, "UpdateProtectionGroup")).toEqual([
      { field: "groupName", from: "Web", to: "Web tier" },
      { field: "description", from: undefined, to: "front end" },
    ]);

    const waves = [{ waveNumber: 1, waveName: "Web", protectionGroupIds: [group.groupId] }];
    const plan = (await s.post("/api/recovery-plans", { planName: "DR", waves })).body.data;
    const planPut = await s.put(`/api/recovery-plans/${plan.planId}`, {
      planName: "DR",
      waves: [{ ...waves[0], waveName: "Front end" }],
      version: plan.version,
    });
    expect(planPut.status, planPut.text).toBe(200);
    expect(await changesOf(plan.planId, "UpdateRecoveryPlan")).toEqual([
      { field: "waves.0.waveName", from: "Web", to: "Front end" },
    ]);

    const account = {
      accountId: "222222222222",
      accountName: "Prod",
      roleArn: "arn:aws:iam::222222222222:role/DRSOrchestrationCrossAccountRole",
      externalId: "an-external-id-of-the-old-kind",
      regions: ["us-east-1"],
    };
    expect((await s.post("/api/accounts/targets", account)).status).toBe(201);
    const { accountId: _id, ...accountBody } = account;
    const accountPut = await s.put(`/api/accounts/targets/${account.accountId}`, {
      ...accountBody,
      externalId: "a-rotated-external-id-value",
      version: 1,
    });
    expect(accountPut.status, accountPut.text).toBe(200);
    expect(await changesOf(account.accountId, "UpdateTargetAccount")).toEqual([
      { field: "externalId", from: "(redacted)", to: "(redacted)" },
    ]);
    expect(JSON.stringify((await s.get("/api/audit?limit=100")).body.data.items)).not.toContain(
      "external-id",
    );
  });
});
