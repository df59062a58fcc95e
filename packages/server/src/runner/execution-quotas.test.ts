import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createPlan,
  type ExecutionEnv,
  HOME,
  startExecutionEnv,
  tagGroup,
  waitForExecution,
} from "./testing/execution-test-env";

describe("DRS quotas under the runner", () => {
  let env: ExecutionEnv;
  beforeAll(async () => {
    env = await startExecutionEnv({
      timeScale: 2400,
      fleet: {
        homeAccountId: HOME,
        accounts: [
          {
            accountId: HOME,
            crossAccountRole: { roleName: "DRSOrchestrationCrossAccountRole" },
            // DRS itself refuses a third concurrent job: any quota error would show in the stats.
            quotas: { maxConcurrentJobs: 2 },
            regions: [
              {
                region: "us-east-1",
                servers: Array.from({ length: 250 }, (_, i) => ({
                  hostname: `big-${String(i).padStart(3, "0")}`,
                  tags: { Application: "Big" },
                })),
              },
            ],
          },
        ],
      },
    });
  });
  afterAll(() => env.close());

  it("launches a wave of 250 servers as 3 jobs; with 2 concurrent jobs allowed the third waits; DRS reports no quota error", async () => {
    const settings = (await env.api.get("/api/config/settings")).body.data;
    const put = await env.api.put("/api/config/settings", {
      quotas: { ...settings.quotas, maxConcurrentJobs: 2 },
      healthCheckTimeoutSeconds: settings.healthCheckTimeoutSeconds,
      defaultRegion: settings.defaultRegion,
      version: settings.version,
    });
    expect(put.status).toBe(200);
    const group = await tagGroup(env.api, { Application: "Big" });
    const planId = await createPlan(env.api, [{ waveNumber: 1, protectionGroupIds: [group] }]);
    const res = await env.api.post(`/api/recovery-plans/${planId}/execute`, { executionType: "DRILL" });
    expect(res.status).toBe(202);
    const done = await waitForExecution(env.api, res.body.data.executionId, undefined, 120_000);
    expect(done.status).toBe("COMPLETED");
    const jobIds = done.waveStatus[0]?.jobIds ?? [];
    expect(jobIds).toHaveLength(3);
    const jobs = await env.adapters.launcher.describeJobs(HOME, "us-east-1", jobIds);
    expect(jobs.map((j) => j.servers.length).sort((a, b) => b - a)).toEqual([100, 100, 50]);
    const byCreation = [...jobs].sort((a, b) =>
      (a.creationDateTime ?? "").localeCompare(b.creationDateTime ?? ""),
    );
    const [first, second, third] = byCreation;
    const firstEnd = [first?.endDateTime ?? "", second?.endDateTime ?? ""].sort()[0] ?? "";
    expect(Date.parse(third?.creationDateTime ?? "")).toBeGreaterThanOrEqual(Date.parse(firstEnd));
    expect(env.runner.stats.quotaErrors).toBe(0);
  });
});
