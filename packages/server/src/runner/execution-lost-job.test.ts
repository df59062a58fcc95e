import type { Execution } from "@drso/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createPlan,
  type ExecutionEnv,
  startExecutionEnv,
  tagGroup,
  waitForExecution,
} from "./testing/execution-test-env";

/** A restarted simulator without a state file: it forgets every job (what a kill -9 of the old demo did). */
describe("a DRS job that DRS forgets mid-wave", () => {
  let env: ExecutionEnv;
  beforeEach(async () => {
    // A slow clock keeps the job in flight while the simulator forgets it.
    env = await startExecutionEnv({ timeScale: 20 });
  });
  afterEach(() => env.close());

  const startDrill = async (): Promise<string> => {
    const group = await tagGroup(env.api, { Application: "Payments", Tier: "web" });
    const planId = await createPlan(env.api, [
      { waveNumber: 1, waveName: "Web", protectionGroupIds: [group] },
    ]);
    const started = await env.api.post(`/api/recovery-plans/${planId}/execute`, { executionType: "DRILL" });
    expect(started.status).toBe(202);
    const id = started.body.data.executionId as string;
    await waitForExecution(env.api, id, (e) => (e.waveStatus[0]?.jobIds.length ?? 0) > 0);
    return id;
  };

  it("fails the wave's servers with the reason instead of polling for ever", async () => {
    const id = await startDrill();
    env.sim.control.reset();
    const done: Execution = await waitForExecution(env.api, id);
    expect(done.status).toBe("FAILED");
    const jobId = done.waveStatus[0]?.jobIds[0];
    for (const s of done.waveStatus[0]?.servers ?? [])
      expect(s.error).toMatch(
        new RegExp(`^DRS no longer knows job ${jobId} \\(not returned by DescribeJobs 3 polls`),
      );
  });

  it("lets a cancel reach CANCELLED", async () => {
    const id = await startDrill();
    expect((await env.api.post(`/api/executions/${id}/cancel`, {})).status).toBeLessThan(300);
    env.sim.control.reset();
    const done: Execution = await waitForExecution(env.api, id);
    expect(done.status).toBe("CANCELLED");
  });
});
