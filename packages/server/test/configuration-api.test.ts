import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  InMemorySourceServerCatalog,
  serverId,
  sourceServers,
} from "./support/in-memory-source-server-catalog";
import { startTestServer, type TestServer } from "./support/test-server";

const HOME = { accountId: "111111111111", region: "us-east-1" };
const TARGET = {
  accountId: "222222222222",
  accountName: "Recovery account",
  roleArn: "arn:aws:iam::222222222222:role/DRSOrchestrationCrossAccountRole",
  externalId: "drso-demo-external-id",
  regions: ["us-east-1", "us-west-2"],
};
const catalog = () => new InMemorySourceServerCatalog(sourceServers(1, 20, HOME));

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ catalog: catalog() });
});
afterAll(() => s.close());

describe("target accounts", () => {
  test("register, read, update (version), list and remove", async () => {
    const created = await s.post("/api/accounts/targets", TARGET);
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ ...TARGET, validated: false, version: 1 });
    expect((await s.post("/api/accounts/targets", TARGET)).status).toBe(409);
    expect((await s.get("/api/accounts/targets/222222222222")).body.data.accountName).toBe(
      "Recovery account",
    );

    const updated = await s.put("/api/accounts/targets/222222222222", {
      ...TARGET,
      accountId: undefined,
      accountName: "DR",
      version: 1,
    });
    expect(updated.status).toBe(200);
    expect(updated.body.data).toMatchObject({ accountName: "DR", version: 2 });
    const stale = await s.put("/api/accounts/targets/222222222222", {
      ...TARGET,
      accountId: undefined,
      version: 1,
    });
    expect(stale.status).toBe(409);

    expect((await s.get("/api/accounts/targets")).body.data.items).toHaveLength(1);
    await s.post("/api/accounts/targets", { ...TARGET, accountId: "444444444444" });
    const first = (await s.get("/api/accounts/targets?limit=1")).body.data;
    expect(first.items.map((a: { accountId: string }) => a.accountId)).toEqual(["222222222222"]);
    const second = (await s.get(`/api/accounts/targets?limit=1&nextToken=${first.nextToken}`)).body.data;
    expect(second.items.map((a: { accountId: string }) => a.accountId)).toEqual(["444444444444"]);
    expect(second.nextToken).toBeUndefined();
    expect((await s.del("/api/accounts/targets/444444444444")).status).toBe(204);
    expect((await s.del("/api/accounts/targets/222222222222")).status).toBe(204);
    expect((await s.get("/api/accounts/targets/222222222222")).status).toBe(404);
  });

  test("PATCH changes only the fields sent, checks the version and audits the change", async () => {
    await s.post("/api/accounts/targets", TARGET);
    const patched = await s.patch("/api/accounts/targets/222222222222", {
      regions: ["us-west-2"],
      version: 1,
    });
    expect(patched.status).toBe(200);
    expect(patched.body.data).toMatchObject({
      ...TARGET,
      regions: ["us-west-2"],
      version: 2,
    });
    const stale = await s.patch("/api/accounts/targets/222222222222", { accountName: "x", version: 1 });
    expect(stale.status).toBe(409);
    expect((await s.patch("/api/accounts/targets/222222222222", { version: 2 })).status).toBe(400);
    expect(
      (await s.patch("/api/accounts/targets/999999999999", { accountName: "x", version: 1 })).status,
    ).toBe(404);
    const audit = (await s.get("/api/audit?resourceId=222222222222")).body.data.items;
    expect(audit.find((a: { action: string }) => a.action === "PatchTargetAccount")).toMatchObject({
      actor: "DRSOrchestrationAdmin",
      beforeVersion: 1,
      afterVersion: 2,
      details: { changes: [{ field: "regions", from: ["us-east-1", "us-west-2"], to: ["us-west-2"] }] },
    });
    expect((await s.get("/api/accounts/targets/222222222222")).body.data.version).toBe(2);
    await s.del("/api/accounts/targets/222222222222");
  });

  test("the current account is the home account", async () => {
    const res = await s.get("/api/accounts/current", { role: "DRSReadOnly" });
    expect(res.body.data).toMatchObject({ accountId: "111111111111", mode: "simulator" });
  });
});

describe("settings and regions", () => {
  test("settings have defaults and are updated with the version", async () => {
    const current = (await s.get("/api/config/settings")).body.data;
    expect(current).toMatchObject({ version: 1, healthCheckTimeoutSeconds: 600 });
    expect(current.quotas).toMatchObject({
      maxServersPerJob: 100,
      maxConcurrentJobs: 20,
      maxServersInActiveJobs: 500,
    });
    const body = {
      quotas: { ...current.quotas, maxConcurrentJobs: 40 },
      healthCheckTimeoutSeconds: 900,
      version: 1,
    };
    const res = await s.put("/api/config/settings", body);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      version: 2,
      quotas: { maxConcurrentJobs: 40 },
      defaultRegion: "us-east-1",
    });
    expect((await s.put("/api/config/settings", body)).status).toBe(409);
    expect((await s.put("/api/config/settings", body, { role: "DRSPlanManager" })).status).toBe(403);
  });

  test("regions lists the DRS regions", async () => {
    const res = await s.get("/api/config/regions");
    expect(res.body.data.regions).toEqual(expect.arrayContaining(["us-east-1", "us-west-2", "eu-west-1"]));
  });
});

describe("export and import", () => {
  test("an export imported into an empty installation reproduces groups, plans and accounts", async () => {
    await s.post("/api/accounts/targets", TARGET);
    const g1 = (
      await s.post("/api/protection-groups", { groupName: "db", ...HOME, serverIds: [serverId(1)] })
    ).body.data;
    const g2 = (
      await s.post("/api/protection-groups", { groupName: "web", ...HOME, tagCriteria: { Tier: "web" } })
    ).body.data;
    await s.post("/api/recovery-plans", {
      planName: "Two waves",
      waves: [
        { waveNumber: 1, protectionGroupIds: [g1.groupId] },
        { waveNumber: 2, protectionGroupIds: [g2.groupId], pauseBeforeWave: true },
      ],
    });
    const exported = (await s.get("/api/config/export")).body.data;
    expect(exported.formatVersion).toBe(1);

    const fresh = await startTestServer({ catalog: catalog() });
    try {
      const res = await fresh.post("/api/config/import", exported);
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual({ protectionGroups: 2, recoveryPlans: 1, targetAccounts: 1 });
      const again = (await fresh.get("/api/config/export")).body.data;
      const strip = (b: typeof exported) => ({ ...b, exportedAt: undefined });
      expect(strip(again)).toEqual(strip(exported));
    } finally {
      await fresh.close();
    }
  });

  test("an import with one bad record writes nothing", async () => {
    const before = (await s.get("/api/config/export")).body.data;
    const [first] = before.protectionGroups;
    const bad = {
      ...before,
      protectionGroups: [
        { ...first, groupId: "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa", groupName: "copy" }, // steals first's server
      ],
      targetAccounts: [{ ...before.targetAccounts[0], accountId: "333333333333", accountName: "new" }],
    };
    const res = await s.post("/api/config/import", bad);
    expect(res.status).toBe(409);
    const after = (await s.get("/api/config/export")).body.data;
    expect({ ...after, exportedAt: undefined }).toEqual({ ...before, exportedAt: undefined });
  });

  test("an import whose plan has a wave cycle is refused naming the plan", async () => {
    const before = (await s.get("/api/config/export")).body.data;
    const plan = before.recoveryPlans[0];
    const cyclic = {
      ...plan,
      waves: plan.waves.map((w: { waveNumber: number }) => ({
        ...w,
        dependsOnWaves: [w.waveNumber === 1 ? 2 : 1],
      })),
    };
    const res = await s.post("/api/config/import", { ...before, recoveryPlans: [cyclic] });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("WAVE_CYCLE");
    expect(res.body.error.message).toContain(plan.planName);
  });
});

describe("audit", () => {
  test("every mutation is recorded with who, what, when and versions, newest first, paginated", async () => {
    const g = (
      await s.post("/api/protection-groups", { groupName: "audited", ...HOME, serverIds: [serverId(9)] })
    ).body.data;
    await s.put(
      `/api/protection-groups/${g.groupId}`,
      { groupName: "audited", ...HOME, serverIds: [serverId(9)], version: 1 },
      {
        role: "DRSPlanManager",
      },
    );
    const forGroup = (await s.get(`/api/audit?resourceId=${g.groupId}`)).body.data.items;
    expect(forGroup).toEqual([
      expect.objectContaining({
        action: "UpdateProtectionGroup",
        actor: "DRSPlanManager",
        beforeVersion: 1,
        afterVersion: 2,
      }),
      expect.objectContaining({
        action: "CreateProtectionGroup",
        actor: "DRSOrchestrationAdmin",
        afterVersion: 1,
      }),
    ]);
    const page1 = (await s.get("/api/audit?limit=2")).body.data;
    expect(page1.items).toHaveLength(2);
    const page2 = (await s.get(`/api/audit?limit=2&nextToken=${encodeURIComponent(page1.nextToken)}`)).body
      .data;
    expect(page2.items[0].timestamp <= page1.items[1].timestamp).toBe(true);
    expect(page2.items.map((e: { auditId: string }) => e.auditId)).not.toContain(page1.items[0].auditId);
  });
});
