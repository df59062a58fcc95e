import type { FleetSpec } from "@drso/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SimulatedApi, startSimulatedApi } from "./support/simulated-aws-deps";

const HOME = "111111111111";
const REGION = "us-east-1";
const fleet: FleetSpec = {
  accounts: [
    {
      accountId: HOME,
      regions: [{ region: REGION, servers: [{ hostname: "erp-app-1" }, { hostname: "erp-app-2" }] }],
    },
  ],
};

interface Listed {
  serverId: string;
  hostname: string;
  lastLaunchResult?: string;
  lastLaunchDate?: string;
}

/** The Source servers view shows when DRS last launched each server and how that went. */
describe("GET /api/drs/source-servers: last launch", () => {
  let env: SimulatedApi;
  beforeAll(async () => {
    env = await startSimulatedApi({ fleet });
  });
  afterAll(() => env.close());

  const list = async () => {
    const res = await env.api.get(`/api/drs/source-servers?accountId=${HOME}&region=${REGION}`);
    expect(res.status, res.text).toBe(200);
    return Object.fromEntries((res.body.data.items as Listed[]).map((s) => [s.hostname, s]));
  };

  it("reports no last launch for a server DRS never launched", async () => {
    const servers = await list();
    expect(servers["erp-app-1"]).not.toHaveProperty("lastLaunchResult");
    expect(servers["erp-app-1"]).not.toHaveProperty("lastLaunchDate");
  });

  it("reports the time and outcome of a drill for the launched server only", async () => {
    const before = await list();
    const launched = before["erp-app-1"] as Listed;
    const requestedAt = Date.now();
    await env.adapters.launcher.startRecovery({
      executionId: "e-last-launch",
      batchId: "b-1",
      accountId: HOME,
      region: REGION,
      isDrill: true,
      servers: [{ serverId: launched.serverId }],
    });
    const after = await list();
    const server = after["erp-app-1"] as Listed;
    expect(["PENDING", "SUCCEEDED"]).toContain(server.lastLaunchResult);
    expect(Date.parse(server.lastLaunchDate ?? "")).toBeGreaterThanOrEqual(requestedAt - 1000);
    expect(after["erp-app-2"]).not.toHaveProperty("lastLaunchResult");
  });
});
