import { Execution, ExecutionDetail, executionProgress } from "@drso/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createPlan,
  type ExecutionEnv,
  startExecutionEnv,
  tagGroup,
  waitForExecution,
} from "../src/runner/testing/execution-test-env";

/** `/executions/{id}/status|waves|jobs` and `POST /executions/delete` against a simulated drill. */
describe("execution status, waves, jobs and delete-selected", () => {
  let env: ExecutionEnv;
  let completedId: string;
  let pausedId: string;

  beforeAll(async () => {
    env = await startExecutionEnv();
    const app = { Application: "OrderPortal" };
    const db = await tagGroup(env.api, { ...app, Tier: "database" });
    const web = await tagGroup(env.api, { ...app, Tier: "web" });
    const plan = await createPlan(env.api, [
      { waveNumber: 1, waveName: "Database", protectionGroupIds: [db] },
      { waveNumber: 2, waveName: "Web", protectionGroupIds: [web] },
    ]);
    completedId = (await env.api.post(`/api/recovery-plans/${plan}/execute`, { executionType: "DRILL" })).body
      .data.executionId;
    await waitForExecution(env.api, completedId);

    const payDb = await tagGroup(env.api, { Application: "Payments", Tier: "database" });
    const payWeb = await tagGroup(env.api, { Application: "Payments", Tier: "web" });
    const gated = await createPlan(env.api, [
      { waveNumber: 1, waveName: "Payments DB", protectionGroupIds: [payDb] },
      { waveNumber: 2, waveName: "Gated", protectionGroupIds: [payWeb], pauseBeforeWave: true },
    ]);
    pausedId = (await env.api.post(`/api/recovery-plans/${gated}/execute`, { executionType: "DRILL" })).body
      .data.executionId;
    await waitForExecution(env.api, pausedId, (e) => e.status === "PAUSED");
  });
  afterAll(() => env.close());

  it("status of a finished drill: COMPLETED, 100 %, every server counted as healthy", async () => {
    const detail = (await env.api.get(`/api/executions/${completedId}`)).body.data;
    const total = detail.waveStatus.reduce((n: number, w: { servers: unknown[] }) => n + w.servers.length, 0);
    const res = await env.api.get(`/api/executions/${completedId}/status`, { role: "DRSReadOnly" });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      executionId: completedId,
      status: "COMPLETED",
      isTerminal: true,
      currentWave: 2,
      totalWaves: 2,
      completedWaves: 2,
      activeWaves: [],
      pause: { paused: false, reason: null },
      progressPercent: 100,
      servers: {
        total,
        byHealth: { HEALTHY: total, FAILED: 0, PENDING: 0 },
        byLaunchStatus: { LAUNCHED: total },
      },
    });
    expect(total).toBeGreaterThan(0);
    expect(res.body.data.durationSeconds).toBeGreaterThanOrEqual(0);
  });

  it("the detail and the list answer core's execution schemas, the ones the OpenAPI document shows", async () => {
    const detail = ExecutionDetail.parse((await env.api.get(`/api/executions/${completedId}`)).body.data);
    expect(detail.planSnapshot?.waves.map((w) => w.waveName)).toEqual(["Database", "Web"]);
    expect(detail.events.length).toBeGreaterThan(0);
    const items = (await env.api.get("/api/executions")).body.data.items as unknown[];
    for (const item of items) Execution.omit({ planSnapshot: true }).parse(item);
    const doc = (await env.api.get("/api/openapi.json")).body as unknown as {
      components: { schemas: Record<string, unknown> };
    };
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(["Execution", "ExecutionSummary", "ExecutionDetail"]),
    );
  });

  it("status of a paused execution names the wave waiting for approval", async () => {
    const res = await env.api.get(`/api/executions/${pausedId}/status`);
    expect(res.body.data.status).toBe("PAUSED");
    expect(res.body.data.pause).toMatchObject({ paused: true, reason: "WAVE_APPROVAL" });
    const waiting = res.body.data.pause.waitingApprovalWave as number;
    expect(res.body.data.activeWaves).toContainEqual(
      expect.objectContaining({ waveNumber: waiting, status: "WAITING_APPROVAL" }),
    );
    expect(res.body.data.progressPercent).toBeLessThan(100);
  });

  it("a cancelled run never shows 100 %, and the status agrees with the detail through core's one definition", async () => {
    const db = await tagGroup(env.api, { Application: "Intranet", Tier: "database" });
    const web = await tagGroup(env.api, { Application: "Intranet", Tier: "web" });
    const plan = await createPlan(env.api, [
      { waveNumber: 1, protectionGroupIds: [db] },
      { waveNumber: 2, protectionGroupIds: [web], pauseBeforeWave: true },
    ]);
    const id = (await env.api.post(`/api/recovery-plans/${plan}/execute`, { executionType: "DRILL" })).body
      .data.executionId;
    await waitForExecution(env.api, id, (e) => e.status === "PAUSED");
    await env.api.post(`/api/executions/${id}/cancel`, undefined);
    const detail = await waitForExecution(env.api, id);
    expect(detail.status).toBe("CANCELLED");
    const res = await env.api.get(`/api/executions/${id}/status`);
    const shared = executionProgress(detail);
    expect(res.body.data.progressPercent).toBeLessThan(100);
    expect(res.body.data.progressPercent).toBe(shared.percent);
    expect(res.body.data.completedWaves).toBe(shared.finishedWaves);
    expect(res.body.data.progress.label).toBe(shared.label);
    // The cancelled wave did not run: it is not counted as finished.
    expect(shared.finishedWaves).toBe(1);
  });

  it("waves: one row per wave with times, job ids and server counts matching the detail", async () => {
    const detail = (await env.api.get(`/api/executions/${completedId}`)).body.data;
    const res = await env.api.get(`/api/executions/${completedId}/waves`);
    expect(res.status).toBe(200);
    expect(res.body.data.waves).toHaveLength(2);
    for (const [i, row] of res.body.data.waves.entries()) {
      const w = detail.waveStatus[i];
      expect(row).toMatchObject({
        waveNumber: w.waveNumber,
        waveName: w.waveName,
        status: "COMPLETED",
        startTime: w.startTime,
        endTime: w.endTime,
        jobIds: w.jobIds,
        serverCount: w.servers.length,
        failedServers: [],
      });
      expect(row.servers.byHealth.HEALTHY).toBe(w.servers.length);
      expect(row.durationSeconds).toBeGreaterThanOrEqual(0);
    }
  });

  it("jobs: every DRS job of the execution with DRS's own status and its servers", async () => {
    const detail = (await env.api.get(`/api/executions/${completedId}`)).body.data;
    const res = await env.api.get(`/api/executions/${completedId}/jobs`);
    expect(res.status).toBe(200);
    const expectedIds = detail.waveStatus.flatMap((w: { jobIds: string[] }) => w.jobIds);
    expect(res.body.data.jobIds.sort()).toEqual([...expectedIds].sort());
    expect(res.body.data.unlaunchedBatches).toEqual([]);
    for (const job of res.body.data.jobs) {
      expect(job.jobId).toMatch(/^drsjob-/);
      expect(job).toMatchObject({ status: "COMPLETED", accountId: "111111111111", region: "us-east-1" });
      expect(job.drsError).toBeUndefined();
      expect(job.servers.length).toBe(job.serverCount);
      for (const s of job.servers) expect(s.launchStatus).toBe("LAUNCHED");
    }
  });

  it("unknown executions answer 404 on each read endpoint", async () => {
    for (const view of ["status", "waves", "jobs"]) {
      const res = await env.api.get(`/api/executions/no-such-execution/${view}`);
      expect(res.status, view).toBe(404);
      expect(res.body.error.code).toBe("NOT_FOUND");
    }
  });

  it("delete-selected refuses, all or nothing, when one execution is still active, naming it", async () => {
    const res = await env.api.post("/api/executions/delete", { executionIds: [completedId, pausedId] });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("EXECUTION_NOT_FINISHED");
    expect(res.body.error.message).toContain(pausedId);
    expect(res.body.error.details.executions).toEqual([
      expect.objectContaining({ executionId: pausedId, status: "PAUSED" }),
    ]);
    expect((await env.api.get(`/api/executions/${completedId}`)).status).toBe(200);
    expect((await env.api.get(`/api/executions/${pausedId}`)).status).toBe(200);
  });

  it("delete-selected refuses unknown ids with 404 and deletes nothing", async () => {
    const res = await env.api.post("/api/executions/delete", { executionIds: [completedId, "missing-1"] });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain("missing-1");
    expect((await env.api.get(`/api/executions/${completedId}`)).status).toBe(200);
  });

  it("a read-only user cannot delete executions", async () => {
    const res = await env.api.post(
      "/api/executions/delete",
      { executionIds: [completedId] },
      { role: "DRSReadOnly" },
    );
    expect(res.status).toBe(403);
  });

  it("delete-selected removes finished executions and records who did it in the audit log", async () => {
    const res = await env.api.post(
      "/api/executions/delete",
      { executionIds: [completedId] },
      { role: "DRSRecoveryManager" },
    );
    expect(res.status).toBe(200);
    expect(res.body.data.deleted).toEqual([completedId]);
    expect((await env.api.get(`/api/executions/${completedId}`)).status).toBe(404);
    const list = (await env.api.get("/api/executions?limit=100")).body.data.items;
    expect(list.map((e: { executionId: string }) => e.executionId)).not.toContain(completedId);
    const audit = (await env.api.get("/api/audit?limit=100")).body.data.items;
    expect(audit).toContainEqual(
      expect.objectContaining({
        action: "DeleteExecutions",
        actor: "DRSRecoveryManager",
        resourceId: completedId,
      }),
    );
  });
});
