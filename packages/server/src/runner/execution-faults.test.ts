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

/** The outcome a user sees, without ids and times. */
const outcome = (e: Execution) => ({
  status: e.status,
  waves: e.waveStatus.map((w) => ({
    status: w.status,
    servers: w.servers.map((s) => ({ hostname: s.hostname, launchStatus: s.launchStatus, health: s.health })),
  })),
});

describe("faults: 30% throttling and 10% 5xx from DRS/EC2/STS give the same outcomes as none", () => {
  let env: ExecutionEnv;
  beforeAll(async () => {
    env = await startExecutionEnv();
    expect((await env.api.post("/api/accounts/targets", TARGET_ACCOUNT)).status).toBe(201);
  });
  afterAll(() => env.close());

  async function run(app: string, accountId: string, region: string): Promise<Execution> {
    const g = (tier: string) => tagGroup(env.api, { Application: app, Tier: tier }, accountId, region);
    const planId = await createPlan(env.api, [
      { waveNumber: 1, protectionGroupIds: [await g("database")], onFailure: "CONTINUE" },
      { waveNumber: 2, protectionGroupIds: [await g("app")] },
      { waveNumber: 3, protectionGroupIds: [await g("web")] },
    ]);
    const res = await env.api.post(`/api/recovery-plans/${planId}/execute`, { executionType: "DRILL" });
    expect(res.status).toBe(202);
    return waitForExecution(env.api, res.body.data.executionId, undefined, 120_000);
  }

  it("completes the same drills, with the same failures, under injected faults", async () => {
    const calm = [
      await run("OrderPortal", HOME, "us-east-1"),
      await run("Analytics", TARGET, "us-east-1"),
    ].map(outcome);
    expect(calm.map((o) => o.status)).toEqual(["COMPLETED", "PARTIAL"]);
    env.sim.control.setFaults([
      { operation: "*", errorType: "ThrottlingException", rate: 0.3 },
      { operation: "*", errorType: "InternalServerException", rate: 0.1 },
    ]);
    try {
      const stormy = [
        await run("OrderPortal", HOME, "us-east-1"),
        await run("Analytics", TARGET, "us-east-1"),
      ].map(outcome);
      expect(stormy).toEqual(calm);
    } finally {
      env.sim.control.setFaults([]);
    }
  });
});
