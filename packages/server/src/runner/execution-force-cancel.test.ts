import type { AuditEntry, Execution } from "@drso/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createPlan,
  type ExecutionEnv,
  startExecutionEnv,
  tagGroup,
  waitForExecution,
} from "./testing/execution-test-env";

/** A drill whose DRS job is in flight (a slow simulator clock keeps it there). */
describe("cancel of an execution whose DRS job does not finish", () => {
  let env: ExecutionEnv;
  beforeEach(async () => {
    env = await startExecutionEnv({ timeScale: 5 });
  });
  afterEach(async () => {
    env.sim.control.setFaults([]);
    await env.close();
  });

  const startDrill = async (): Promise<{ id: string; planId: string; groupId: string }> => {
    const groupId = await tagGroup(env.api, { Application: "Payments", Tier: "web" });
    const planId = await createPlan(env.api, [
      { waveNumber: 1, waveName: "Web", protectionGroupIds: [groupId] },
    ]);
    const started = await env.api.post(`/api/recovery-plans/${planId}/execute`, { executionType: "DRILL" });
    expect(started.status, started.text).toBe(202);
    const id = started.body.data.executionId as string;
    await waitForExecution(env.api, id, (e) => (e.waveStatus[0]?.jobIds.length ?? 0) > 0);
    return { id, planId, groupId };
  };

  it("force=true ends it CANCELLED at once (admin or recovery manager), records who, and frees its servers", async () => {
    const { id, planId, groupId } = await startDrill();
    expect((await env.api.post(`/api/executions/${id}/cancel`, {})).body.data.status).toBe("CANCELLING");

    const refused = await env.api.post(
      `/api/executions/${id}/cancel?force=true`,
      {},
      { role: "DRSOperator" },
    );
    expect(refused.status).toBe(403);
    const bad = await env.api.post(`/api/executions/${id}/cancel?force=maybe`, {});
    expect(bad.status).toBe(400);
    expect((await env.api.get(`/api/executions/${id}`)).body.data.status).toBe("CANCELLING");

    const forced = await env.api.post(
      `/api/executions/${id}/cancel?force=true`,
      {},
      { role: "DRSRecoveryManager" },
    );
    expect(forced.status, forced.text).toBe(200);
    const e = forced.body.data as Execution;
    expect(e.status).toBe("CANCELLED");
    expect(e.cancellation).toMatchObject({
      requestedBy: "DRSOrchestrationAdmin",
      forcedBy: "DRSRecoveryManager",
    });
    expect(e.waveStatus[0]?.servers.every((s) => s.health === "CANCELLED")).toBe(true);

    const detail = (await env.api.get(`/api/executions/${id}`)).body.data as {
      events: { type: string; actor: string }[];
    };
    expect(detail.events).toContainEqual(
      expect.objectContaining({ type: "ExecutionForceCancelled", actor: "DRSRecoveryManager" }),
    );
    const audit = (await env.api.get("/api/audit?limit=100")).body.data.items as AuditEntry[];
    expect(audit).toContainEqual(
      expect.objectContaining({
        action: "ForceCancelExecution",
        actor: "DRSRecoveryManager",
        resourceId: id,
        details: expect.objectContaining({
          reason: expect.stringMatching(/^force-cancelled by DRSRecoveryManager/),
        }),
      }),
    );

    // The servers are free: the plan runs again, and once that run is force-cancelled too, the
    // plan and its group can be deleted.
    const rerun = await env.api.post(`/api/recovery-plans/${planId}/execute`, { executionType: "DRILL" });
    expect(rerun.status, rerun.text).toBe(202);
    const again = rerun.body.data.executionId as string;
    expect((await env.api.post(`/api/executions/${again}/cancel?force=true`, {})).body.data.status).toBe(
      "CANCELLED",
    );
    expect((await env.api.del(`/api/recovery-plans/${planId}`)).status).toBeLessThan(300);
    expect((await env.api.del(`/api/protection-groups/${groupId}`)).status).toBeLessThan(300);
    // The runner no longer drives it: the state stays as forced.
    await env.runner.runTickNow();
    expect(env.runner.current(id)).toBeUndefined();
  });

  it("a plain cancel reaches CANCELLED when DRS keeps failing, with the reason", async () => {
    const { id } = await startDrill();
    env.sim.control.setFaults([{ operation: "DescribeJobs", errorType: "InternalServerException", rate: 1 }]);
    expect((await env.api.post(`/api/executions/${id}/cancel`, {})).status).toBe(200);
    const done = await waitForExecution(env.api, id);
    expect(done.status).toBe("CANCELLED");
    expect(done.cancellation).toMatchObject({
      forcedBy: "system",
      reason: expect.stringMatching(/^cancel stopped waiting for DRS after 5 failed DescribeJobs polls/),
    });
  });
});
