import type { Execution } from "@drso/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createPlan,
  type ExecutionEnv,
  HOME,
  startExecutionEnv,
  TARGET,
  TARGET_ACCOUNT,
  tagGroup,
  waitForExecution,
} from "./testing/execution-test-env";

describe("execution runner against the simulator (real SDK adapters)", () => {
  let env: ExecutionEnv;
  beforeAll(async () => {
    env = await startExecutionEnv();
    expect((await env.api.post("/api/accounts/targets", TARGET_ACCOUNT)).status).toBe(201);
  });
  afterAll(() => env.close());

  it("runs a 3-wave drill of the demo fleet to COMPLETED, every server launched with a healthy EC2 instance", async () => {
    const app = { Application: "OrderPortal" };
    const db = await tagGroup(env.api, { ...app, Tier: "database" });
    const appTier = await tagGroup(env.api, { ...app, Tier: "app" });
    const web = await tagGroup(env.api, { ...app, Tier: "web" });
    const planId = await createPlan(
      env.api,
      [
        { waveNumber: 1, waveName: "Database", protectionGroupIds: [db] },
        { waveNumber: 2, waveName: "App", protectionGroupIds: [appTier] },
        { waveNumber: 3, waveName: "Web", protectionGroupIds: [web] },
      ],
      120,
    );
    const started = await env.api.post(`/api/recovery-plans/${planId}/execute`, { executionType: "DRILL" });
    expect(started.status).toBe(202);
    const id = started.body.data.executionId as string;
    expect(started.body.data).toMatchObject({ planId, executionType: "DRILL", totalWaves: 3 });

    const done: Execution = await waitForExecution(env.api, id);
    expect(done.status).toBe("COMPLETED");
    expect(done.currentWave).toBe(3);
    expect(done.waveStatus.map((w) => w.status)).toEqual(["COMPLETED", "COMPLETED", "COMPLETED"]);
    for (const w of done.waveStatus) {
      expect(w.jobIds.length).toBe(1);
      expect(Date.parse(w.endTime ?? "")).toBeGreaterThan(Date.parse(w.startTime ?? ""));
      for (const s of w.servers) {
        expect(s).toMatchObject({ launchStatus: "LAUNCHED", health: "HEALTHY", ec2State: "running" });
        expect(s.ec2InstanceId).toMatch(/^i-/);
        expect(s.jobId).toBe(w.jobIds[0]);
      }
    }
    // Waves ran one after the other.
    const [w1, w2, w3] = done.waveStatus;
    expect(Date.parse(w2?.startTime ?? "")).toBeGreaterThanOrEqual(Date.parse(w1?.endTime ?? ""));
    expect(Date.parse(w3?.startTime ?? "")).toBeGreaterThanOrEqual(Date.parse(w2?.endTime ?? ""));

    const report = await env.api.get(`/api/executions/${id}/report`);
    expect(report.body.data).toMatchObject({
      status: "COMPLETED",
      rtoTargetMinutes: 120,
      rtoMet: true,
      failed: 0,
    });
    expect(report.body.data.recoveryTimeMinutes).toBeGreaterThan(0);
    const html = await env.api.get(`/api/executions/${id}/report?format=html`);
    expect(html.status).toBe(200);
    expect(html.text).toContain("RTO");

    const plan = await env.api.get(`/api/recovery-plans/${planId}`);
    expect(plan.body.data).toMatchObject({ lastExecutionId: id, lastExecutionStatus: "COMPLETED" });

    const logs = await env.api.get(`/api/executions/${id}/job-logs`);
    expect(logs.body.data.jobs).toHaveLength(3);
    expect(logs.body.data.jobs[0].items.length).toBeGreaterThan(0);

    const terminate = await env.api.post(`/api/executions/${id}/terminate-instances`, undefined);
    expect(terminate.status).toBe(200);
    expect(terminate.body.data.instancesTerminated).toBe(true);
    const again = await env.api.post(`/api/executions/${id}/terminate-instances`, undefined);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("INSTANCES_ALREADY_TERMINATED");
    const status = await env.api.get(`/api/executions/${id}/termination-status`);
    expect(status.body.data).toMatchObject({ requested: true, instancesTerminated: true });
  });

  const ms = (t?: string) => Date.parse(t ?? "");

  it("runs a diamond: waves 2 and 3 together after 1, wave 4 only after both", async () => {
    const t = (tier: string, a = "Intranet") => tagGroup(env.api, { Application: a, Tier: tier });
    const [g1, g2, g3, g4] = [
      await t("database"),
      await t("app"),
      await t("web"),
      await t("web", "OrderPortal"),
    ];
    const planId = await createPlan(env.api, [
      { waveNumber: 1, protectionGroupIds: [g1] },
      { waveNumber: 2, protectionGroupIds: [g2], dependsOnWaves: [1] },
      { waveNumber: 3, protectionGroupIds: [g3], dependsOnWaves: [1] },
      { waveNumber: 4, protectionGroupIds: [g4], dependsOnWaves: [2, 3] },
    ]);
    const id = (await env.api.post(`/api/recovery-plans/${planId}/execute`, { executionType: "DRILL" })).body
      .data.executionId as string;
    const done = await waitForExecution(env.api, id);
    expect(done.status).toBe("COMPLETED");
    const [w1, w2, w3, w4] = done.waveStatus;
    expect(ms(w2?.startTime)).toBeGreaterThanOrEqual(ms(w1?.endTime));
    expect(ms(w3?.startTime)).toBeGreaterThanOrEqual(ms(w1?.endTime));
    // 2 and 3 overlap: each started before the other ended.
    expect(ms(w2?.startTime)).toBeLessThan(ms(w3?.endTime));
    expect(ms(w3?.startTime)).toBeLessThan(ms(w2?.endTime));
    expect(ms(w4?.startTime)).toBeGreaterThanOrEqual(Math.max(ms(w2?.endTime), ms(w3?.endTime)));
  });

  it("pauses before a wave marked pauseBeforeWave, continues on resume; cancel while paused never launches it", async () => {
    const t = (tier: string) =>
      tagGroup(env.api, { Application: "Inventory", Tier: tier }, HOME, "us-west-2");
    const [g1, g2] = [await t("database"), await t("app")];
    const planId = await createPlan(env.api, [
      { waveNumber: 1, protectionGroupIds: [g1] },
      { waveNumber: 2, protectionGroupIds: [g2], pauseBeforeWave: true },
    ]);
    const start = async () =>
      (await env.api.post(`/api/recovery-plans/${planId}/execute`, { executionType: "DRILL" })).body.data
        .executionId as string;

    const first = await start();
    const paused = await waitForExecution(env.api, first, (e) => e.status === "PAUSED");
    expect(paused.waveStatus.map((w) => w.status)).toEqual(["COMPLETED", "WAITING_APPROVAL"]);
    const badResume = await env.api.post(`/api/executions/${first}/pause`, undefined);
    expect(badResume.status).toBe(409);
    expect(badResume.body.error.code).toBe("EXECUTION_NOT_RUNNING");
    const resumed = await env.api.post(`/api/executions/${first}/resume`, undefined, {
      role: "DRSRecoveryManager",
    });
    expect(resumed.status).toBe(200);
    expect(resumed.body.data.status).toBe("RUNNING");
    expect((await waitForExecution(env.api, first)).status).toBe("COMPLETED");
    const audit = await env.api.get(`/api/audit?resourceId=${first}`);
    expect(audit.body.data.items.map((a: { action: string; actor: string }) => [a.action, a.actor])).toEqual(
      expect.arrayContaining([
        ["StartExecution", "DRSOrchestrationAdmin"],
        ["ResumeExecution", "DRSRecoveryManager"],
      ]),
    );

    const second = await start();
    await waitForExecution(env.api, second, (e) => e.status === "PAUSED");
    const cancelled = await env.api.post(`/api/executions/${second}/cancel`, undefined);
    expect(cancelled.status).toBe(200);
    const done = await waitForExecution(env.api, second);
    expect(done.status).toBe("CANCELLED");
    expect(done.waveStatus[1]).toMatchObject({ status: "CANCELLED", jobIds: [] });
    const late = await env.api.post(`/api/executions/${second}/cancel`, undefined);
    // Like every other action the state refuses: 409, not 400 (the request itself was valid).
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe("EXECUTION_ALREADY_FINISHED");
  });

  it("ends PARTIAL with the reasons when launches fail, skips later waves (STOP), and retry relaunches only the failed servers", async () => {
    // The demo fleet's analytics-database-01 always fails to launch.
    const all = await tagGroup(env.api, { Application: "Analytics" }, TARGET, "us-east-1");
    const later = await tagGroup(env.api, { Application: "CustomerCRM", Tier: "web" }, TARGET, "us-east-1");
    const planId = await createPlan(env.api, [
      { waveNumber: 1, protectionGroupIds: [all], onFailure: "STOP" },
      { waveNumber: 2, protectionGroupIds: [later] },
    ]);
    const id = (await env.api.post(`/api/recovery-plans/${planId}/execute`, { executionType: "DRILL" })).body
      .data.executionId as string;
    const done = await waitForExecution(env.api, id);
    expect(done.status).toBe("PARTIAL");
    expect(done.waveStatus.map((w) => w.status)).toEqual(["PARTIAL", "SKIPPED"]);
    const failed = done.waveStatus[0]?.servers.filter((s) => s.health === "FAILED") ?? [];
    expect(failed.map((s) => s.hostname)).toEqual(["analytics-database-01"]);
    expect(failed[0]?.error).toMatch(/launch/i);
    const report = await env.api.get(`/api/executions/${id}/report`);
    expect(report.body.data.waves[0].failures[0]).toMatchObject({ hostname: "analytics-database-01" });

    const retry = await env.api.post(`/api/executions/${id}/retry`, undefined);
    expect(retry.status).toBe(200);
    const after = await waitForExecution(env.api, id);
    expect(after.attempt).toBe(2);
    const wave1 = after.waveStatus[0];
    expect(wave1?.jobIds).toHaveLength(2);
    const retryJob = wave1?.jobIds[1] ?? "";
    const [job] = await env.adapters.launcher.describeJobs(TARGET, "us-east-1", [retryJob]);
    expect(job?.servers.map((s) => s.serverId)).toEqual(failed.map((s) => s.serverId));
  });

  it("streams every state change as Server-Sent Events until the execution finishes, and reports existing instances", async () => {
    const group = await tagGroup(env.api, { Application: "Reporting", Tier: "web" }, HOME, "us-west-2");
    const planId = await createPlan(env.api, [{ waveNumber: 1, protectionGroupIds: [group] }]);
    const id = (await env.api.post(`/api/recovery-plans/${planId}/execute`, { executionType: "DRILL" })).body
      .data.executionId as string;
    const res = await fetch(`${env.api.url}/api/executions/${id}/events`, {
      headers: { authorization: `Bearer ${env.api.tokenFor("DRSReadOnly")}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const statuses: string[] = [];
    const changes: string[] = [];
    const decoder = new TextDecoder();
    let buffer = "";
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end = buffer.indexOf("\n\n");
      while (end >= 0) {
        const data = buffer
          .slice(0, end)
          .split("\n")
          .find((l) => l.startsWith("data:"));
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf("\n\n");
        if (!data) continue;
        const payload = JSON.parse(data.slice(5)) as { execution: Execution; changes: { type: string }[] };
        statuses.push(payload.execution.status);
        changes.push(...payload.changes.map((c) => c.type));
      }
    }
    // The stream ends by itself once the execution is finished.
    expect(statuses.at(-1)).toBe("COMPLETED");
    expect(changes).toEqual(
      expect.arrayContaining(["JobProgressed", "ServerHealthChanged", "WaveFinished", "ExecutionFinished"]),
    );

    const existing = await env.api.get(`/api/recovery-plans/${planId}/check-existing-instances`);
    expect(existing.status).toBe(200);
    expect(existing.body.data.hasExistingInstances).toBe(true);
    expect(existing.body.data.instances.length).toBeGreaterThan(0);
  });
});
