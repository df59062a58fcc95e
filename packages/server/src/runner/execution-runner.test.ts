import type { Execution } from "@drso/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createPlan,
  type ExecutionEnv,
  startExecutionEnv,
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
});
