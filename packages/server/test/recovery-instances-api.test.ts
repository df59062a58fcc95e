import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createPlan,
  type ExecutionEnv,
  HOME,
  startExecutionEnv,
  tagGroup,
  waitForExecution,
} from "../src/runner/testing/execution-test-env";

/**
 * `/ec2/instances` (+ `{instanceId}`, terminate), `/drs/service-limits` and `/config/health`
 * against a simulator through the real SDK adapters, after real drills.
 */
describe("recovery instances, service limits and configuration health", () => {
  let env: ExecutionEnv;
  let drillId: string;
  let pausedId: string;
  const region = "us-east-1";

  interface Instance {
    instanceId: string;
    recoveryInstanceId: string;
    sourceServerId: string;
    executionId?: string;
    state?: string;
  }
  const instances = async (): Promise<Instance[]> =>
    (await env.api.get(`/api/ec2/instances?accountId=${HOME}&region=${region}`)).body.data.items;

  beforeAll(async () => {
    env = await startExecutionEnv();
    const web = await tagGroup(env.api, { Application: "OrderPortal", Tier: "web" });
    const plan = await createPlan(env.api, [{ waveNumber: 1, waveName: "Web", protectionGroupIds: [web] }]);
    drillId = (await env.api.post(`/api/recovery-plans/${plan}/execute`, { executionType: "DRILL" })).body
      .data.executionId;
    await waitForExecution(env.api, drillId);

    // An execution that stays active: wave 1 recovered, wave 2 waits for approval.
    const db = await tagGroup(env.api, { Application: "Intranet", Tier: "database" });
    const app = await tagGroup(env.api, { Application: "Intranet", Tier: "app" });
    const gated = await createPlan(env.api, [
      { waveNumber: 1, waveName: "DB", protectionGroupIds: [db] },
      { waveNumber: 2, waveName: "App", protectionGroupIds: [app], pauseBeforeWave: true },
    ]);
    pausedId = (await env.api.post(`/api/recovery-plans/${gated}/execute`, { executionType: "DRILL" })).body
      .data.executionId;
    await waitForExecution(env.api, pausedId, (e) => e.status === "PAUSED");
  });
  afterAll(() => env.close());

  it("lists the drill's recovery instances with their source server, execution and state", async () => {
    const detail = (await env.api.get(`/api/executions/${drillId}`)).body.data;
    const launched = detail.waveStatus.flatMap(
      (w: { servers: { ec2InstanceId: string; serverId: string }[] }) =>
        w.servers.map((s) => ({ instanceId: s.ec2InstanceId, sourceServerId: s.serverId })),
    );
    const res = await env.api.get(`/api/ec2/instances?accountId=${HOME}&region=${region}`, {
      role: "DRSReadOnly",
    });
    expect(res.status).toBe(200);
    for (const l of launched) {
      expect(res.body.data.items).toContainEqual(
        expect.objectContaining({
          ...l,
          executionId: drillId,
          state: "running",
          isDrill: true,
          accountId: HOME,
        }),
      );
    }
  });

  it("filters the recovery instances by the execution that launched them", async () => {
    const res = await env.api.get(
      `/api/ec2/instances?accountId=${HOME}&region=${region}&executionId=${pausedId}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.data.items.length).toBeGreaterThan(0);
    for (const i of res.body.data.items) expect(i.executionId).toBe(pausedId);
  });

  it("shows one recovery instance with its EC2 status checks; other ids answer 404 or 400", async () => {
    const [first] = (await instances()).filter((i) => i.executionId === drillId);
    const res = await env.api.get(
      `/api/ec2/instances/${first?.instanceId}?accountId=${HOME}&region=${region}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      instanceId: first?.instanceId,
      executionId: drillId,
      state: "running",
      instanceStatus: "ok",
      systemStatus: "ok",
    });
    expect((await env.api.get("/api/ec2/instances/i-0123456789abcdef0")).status).toBe(404);
    const malformed = await env.api.get("/api/ec2/instances/not-an-instance");
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe("VALIDATION_ERROR");
  });

  it("service limits: the legacy limits/currentUsage shape, figures equal to /drs/quotas", async () => {
    const res = await env.api.get(`/api/drs/service-limits?accountId=${HOME}&region=${region}`);
    expect(res.status).toBe(200);
    const settings = (await env.api.get("/api/config/settings")).body.data;
    expect(res.body.data.limits).toEqual({
      maxServersPerJob: settings.quotas.maxServersPerJob,
      maxConcurrentJobs: settings.quotas.maxConcurrentJobs,
      maxServersInAllJobs: settings.quotas.maxServersInActiveJobs,
      maxRecoveryInstances: settings.quotas.maxRecoveryInstances,
      maxReplicatingServers: settings.quotas.maxReplicatingServers,
    });
    const quotas = (await env.api.get(`/api/drs/quotas?accountId=${HOME}&region=${region}`)).body.data
      .items[0];
    expect(res.body.data.currentUsage).toEqual({
      activeJobs: quotas.usage.activeJobs,
      serversInJobs: quotas.usage.serversInActiveJobs,
      recoveryInstances: quotas.usage.recoveryInstances,
      replicatingServers: quotas.usage.replicatingServers,
    });
    expect(res.body.data.currentUsage.recoveryInstances).toBe((await instances()).length);
    expect(res.body.data.withinLimits).toBe(true);
  });

  it("service limits refuse an account the orchestrator does not know", async () => {
    const res = await env.api.get(`/api/drs/service-limits?accountId=999999999999&region=${region}`);
    expect(res.status).toBe(404);
  });

  it("terminate refuses an EC2 instance DRS did not launch, naming it, and terminates nothing", async () => {
    const servers = await env.adapters.catalog.listSourceServers(HOME, region);
    const sourceInstance = servers.find((s) => s.sourceInstanceId)?.sourceInstanceId as string;
    expect(sourceInstance).toMatch(/^i-/);
    const [recovery] = (await instances()).filter((i) => i.executionId === drillId);
    const res = await env.api.post("/api/ec2/instances/terminate", {
      instanceIds: [recovery?.instanceId, sourceInstance],
      accountId: HOME,
      region,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("NOT_RECOVERY_INSTANCE");
    expect(res.body.error.message).toContain(sourceInstance);
    expect(res.body.error.details.instanceIds).toEqual([sourceInstance]);
    const after = (await instances()).find((i) => i.instanceId === recovery?.instanceId);
    expect(after?.state).toBe("running");
  });

  it("terminate refuses the instances of an execution that is still active", async () => {
    const [busy] = (await instances()).filter((i) => i.executionId === pausedId);
    expect(busy).toBeDefined();
    const res = await env.api.post("/api/ec2/instances/terminate", {
      instanceIds: [busy?.instanceId],
      accountId: HOME,
      region,
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("INSTANCE_IN_ACTIVE_EXECUTION");
    expect(res.body.error.message).toContain(pausedId);
  });

  it("a read-only user cannot terminate instances", async () => {
    const [recovery] = (await instances()).filter((i) => i.executionId === drillId);
    const res = await env.api.post(
      "/api/ec2/instances/terminate",
      { instanceIds: [recovery?.instanceId], accountId: HOME, region },
      { role: "DRSReadOnly" },
    );
    expect(res.status).toBe(403);
  });

  it("terminates recovery instances through DRS and records it in the audit log", async () => {
    const mine = (await instances()).filter((i) => i.executionId === drillId);
    const ids = mine.map((i) => i.instanceId);
    const res = await env.api.post(
      "/api/ec2/instances/terminate",
      { instanceIds: ids, accountId: HOME, region },
      { role: "DRSRecoveryManager" },
    );
    expect(res.status).toBe(200);
    expect(res.body.data.jobId).toMatch(/^drsjob-/);
    expect(res.body.data.terminating.sort()).toEqual([...ids].sort());
    const deadline = Date.now() + 30_000;
    let left = ids;
    while (left.length > 0 && Date.now() < deadline) {
      const now = await instances();
      left = ids.filter((id) => now.some((i) => i.instanceId === id && i.state !== "terminated"));
      if (left.length > 0) await new Promise((r) => setTimeout(r, 50));
    }
    expect(left).toEqual([]);
    const audit = (await env.api.get("/api/audit?limit=50")).body.data.items;
    expect(audit).toContainEqual(
      expect.objectContaining({ action: "TerminateRecoveryInstances", actor: "DRSRecoveryManager" }),
    );
  });

  it("configuration health: store, DRS per account-region and the runner are ok", async () => {
    const res = await env.api.get("/api/config/health", { role: "DRSReadOnly" });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      status: "ok",
      mode: "simulator",
      store: { ok: true },
      executions: { ok: true, driver: "in-process", untracked: [] },
    });
    expect(res.body.data.version).toEqual(expect.any(String));
    expect(res.body.data.executions.unfinished).toBeGreaterThanOrEqual(1);
    expect(res.body.data.drs).toContainEqual(expect.objectContaining({ accountId: HOME, region, ok: true }));
  });

  it("configuration health is degraded and says why when DRS refuses", async () => {
    await fetch(`${env.sim.endpoint}/_sim/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify([
        { service: "drs", operation: "DescribeJobs", errorType: "AccessDeniedException", rate: 1 },
      ]),
    });
    try {
      const res = await env.api.get("/api/config/health");
      expect(res.status).toBe(200);
      expect(res.body.data.status).toBe("degraded");
      const probe = res.body.data.drs.find(
        (d: { accountId: string; region: string }) => d.accountId === HOME,
      );
      expect(probe).toMatchObject({ ok: false, message: expect.stringMatching(/DescribeJobs/) });
    } finally {
      await fetch(`${env.sim.endpoint}/_sim/faults`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "[]",
      });
    }
  });
});
