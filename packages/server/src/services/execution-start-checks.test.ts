import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createPlan,
  type ExecutionEnv,
  HOME,
  startExecutionEnv,
  tagGroup,
  waitForExecution,
} from "../runner/testing/execution-test-env";

describe("starting executions: checks with reasons, one winner per server", () => {
  let env: ExecutionEnv;
  beforeAll(async () => {
    // Simulated time slow enough that executions stay active (a job takes ~2 s) while the test looks.
    env = await startExecutionEnv({ timeScale: 300 });
  });
  afterAll(() => env.close());

  it("of 50 concurrent starts of plans sharing a server, exactly one gets 202; the others get 409 with conflicts", async () => {
    const group = await tagGroup(env.api, { Application: "HRSystem", Tier: "web" }, HOME, "us-west-2");
    const plans = await Promise.all(
      Array.from({ length: 50 }, () => createPlan(env.api, [{ waveNumber: 1, protectionGroupIds: [group] }])),
    );
    const answers = await Promise.all(
      plans.map((id) => env.api.post(`/api/recovery-plans/${id}/execute`, { executionType: "DRILL" })),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 202)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    const winner = answers.find((a) => a.status === 202)?.body.data;
    const loser = answers.find((a) => a.status === 409)?.body.error;
    expect(loser?.code).toBe("SERVER_IN_ACTIVE_EXECUTION");
    expect((loser?.details as { conflicts: unknown[] } | undefined)?.conflicts[0]).toMatchObject({
      executionId: winner.executionId,
      planId: winner.planId,
      accountId: HOME,
      region: "us-west-2",
    });

    // Groups and plans in use by an active execution cannot be changed.
    const g = (await env.api.get(`/api/protection-groups/${group}`)).body.data;
    const {
      groupId: _g,
      serverCount: _c,
      createdDate: _d,
      lastModifiedDate: _m,
      createdBy: _b,
      lastModifiedBy: _l,
      ...editable
    } = g;
    const groupEdit = await env.api.put(`/api/protection-groups/${group}`, {
      ...editable,
      description: "changed",
    });
    expect(groupEdit.status).toBe(409);
    expect(groupEdit.body.error.code).toBe("GROUP_IN_ACTIVE_EXECUTION");
    const planDelete = await env.api.del(`/api/recovery-plans/${winner.planId}`);
    expect(planDelete.status).toBe(409);
    expect(planDelete.body.error.code).toBe("PLAN_IN_ACTIVE_EXECUTION");

    await env.api.post(`/api/executions/${winner.executionId}/cancel`, undefined);
    expect((await waitForExecution(env.api, winner.executionId, undefined, 120_000)).status).toBe(
      "CANCELLED",
    );
    // Released: the next start wins.
    const next = await env.api.post(`/api/recovery-plans/${plans[1]}/execute`, { executionType: "DRILL" });
    expect(next.status).toBe(202);
    await env.api.post(`/api/executions/${next.body.data.executionId}/cancel`, undefined);
  });

  it("refuses a drill when servers do not replicate live, naming them, and launches nothing", async () => {
    const group = await tagGroup(env.api, { Application: "Payments", Tier: "app" });
    const planId = await createPlan(env.api, [{ waveNumber: 1, protectionGroupIds: [group] }]);
    const res = await env.api.post(`/api/recovery-plans/${planId}/execute`, { executionType: "DRILL" });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("SERVERS_NOT_READY");
    expect(res.body.error.message).toContain("payments-app-02: STALLED");
    expect((await env.api.get(`/api/executions?planId=${planId}`)).body.data.items).toEqual([]);
  });

  it("answers bad input and unknown ids with 4xx, never 500", async () => {
    const group = await tagGroup(env.api, { Application: "Intranet", Tier: "web" });
    const planId = await createPlan(env.api, [{ waveNumber: 1, protectionGroupIds: [group] }]);
    expect(
      (await env.api.post(`/api/recovery-plans/${planId}/execute`, { executionType: "TEST" })).status,
    ).toBe(400);
    expect((await env.api.post(`/api/recovery-plans/${planId}/execute`, {})).status).toBe(400);
    expect(
      (await env.api.request("POST", `/api/recovery-plans/${planId}/execute`, { rawBody: "{" })).status,
    ).toBe(400);
    expect((await env.api.post("/api/recovery-plans/nope/execute", { executionType: "DRILL" })).status).toBe(
      404,
    );
    expect((await env.api.get("/api/executions/nope")).status).toBe(404);
    expect((await env.api.post("/api/executions/nope/resume", undefined)).status).toBe(404);
    expect((await env.api.get("/api/executions?status=WHATEVER")).status).toBe(400);
    expect((await env.api.get("/api/executions?limit=0")).status).toBe(400);
    expect((await env.api.request("DELETE", "/api/executions", { body: { executionIds: "x" } })).status).toBe(
      400,
    );
    expect(
      (
        await env.api.post(
          `/api/recovery-plans/${planId}/execute`,
          { executionType: "DRILL" },
          { role: "DRSReadOnly" },
        )
      ).status,
    ).toBe(403);
  });

  it("lists executions newest first with filters and pagination, and bulk-deletes only finished ones", async () => {
    const group = await tagGroup(env.api, { Application: "Intranet", Tier: "database" });
    const planId = await createPlan(env.api, [{ waveNumber: 1, protectionGroupIds: [group] }]);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await env.api.post(`/api/recovery-plans/${planId}/execute`, { executionType: "DRILL" });
      expect(res.status).toBe(202);
      ids.push(res.body.data.executionId);
      await env.api.post(`/api/executions/${ids[i]}/cancel`, undefined);
      await waitForExecution(env.api, ids[i] ?? "", undefined, 120_000);
    }
    const active = await env.api.post(`/api/recovery-plans/${planId}/execute`, { executionType: "DRILL" });
    const page1 = await env.api.get(`/api/executions?planId=${planId}&limit=2`);
    expect(page1.body.data.items.map((e: { executionId: string }) => e.executionId)).toEqual([
      active.body.data.executionId,
      ids[2],
    ]);
    const page2 = await env.api.get(
      `/api/executions?planId=${planId}&limit=2&nextToken=${page1.body.data.nextToken}`,
    );
    expect(page2.body.data.items.map((e: { executionId: string }) => e.executionId)).toEqual([
      ids[1],
      ids[0],
    ]);
    const cancelled = await env.api.get(`/api/executions?planId=${planId}&status=CANCELLED`);
    expect(cancelled.body.data.items).toHaveLength(3);

    const del = await env.api.request("DELETE", "/api/executions", {
      body: { executionIds: [...ids, active.body.data.executionId] },
    });
    expect(del.status).toBe(200);
    expect(new Set(del.body.data.deleted)).toEqual(new Set(ids));
    expect((await env.api.get(`/api/executions?planId=${planId}`)).body.data.items).toHaveLength(1);
    // Without a body: every finished execution; the active one stays.
    const all = await env.api.del("/api/executions");
    expect(all.status).toBe(200);
    expect(all.body.data.deleted).not.toContain(active.body.data.executionId);
    expect((await env.api.get(`/api/executions/${active.body.data.executionId}`)).status).toBe(200);
    await env.api.post(`/api/executions/${active.body.data.executionId}/cancel`, undefined);
  });

  it("answers 429 with the limit when the recovery-instance quota has no headroom for the plan", async () => {
    const settings = (await env.api.get("/api/config/settings")).body.data;
    // OrderPortal has 2 web servers; allow 1 recovery instance.
    const update = (maxRecoveryInstances: number, version: number) =>
      env.api.put("/api/config/settings", {
        quotas: { ...settings.quotas, maxRecoveryInstances },
        healthCheckTimeoutSeconds: settings.healthCheckTimeoutSeconds,
        defaultRegion: settings.defaultRegion,
        version,
      });
    expect((await update(1, settings.version)).status).toBe(200);
    try {
      const group = await tagGroup(env.api, { Application: "OrderPortal", Tier: "web" });
      const planId = await createPlan(env.api, [{ waveNumber: 1, protectionGroupIds: [group] }]);
      const res = await env.api.post(`/api/recovery-plans/${planId}/execute`, { executionType: "DRILL" });
      expect(res.status).toBe(429);
      expect(res.body.error).toMatchObject({
        code: "QUOTA_EXCEEDED",
        details: { limit: 1, needed: 2, quota: "maxRecoveryInstances" },
      });
      expect((await env.api.get(`/api/executions?planId=${planId}`)).body.data.items).toEqual([]);
    } finally {
      expect((await update(settings.quotas.maxRecoveryInstances, settings.version + 1)).status).toBe(200);
    }
  });
});
