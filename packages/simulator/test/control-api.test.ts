import {
  DescribeJobsCommand,
  DescribeSourceServersCommand,
  StartRecoveryCommand,
  ThrottlingException,
} from "@aws-sdk/client-drs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoFleet, type RunningSimulator, type SimulatorState, startSimulator } from "../src/index";
import { sdkClients } from "./sdk-clients";

/** The control API is plain HTTP (no AWS protocol), so these tests talk to it with fetch. */
describe("the /_sim/ control API over HTTP", () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 21 });
  });
  afterAll(() => sim.close());

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${sim.endpoint}${path}`, {
      method,
      headers: { "content-type": "application/json" },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it("GET /_sim/state describes accounts, regions, servers and jobs", async () => {
    const { status, body } = await call("GET", "/_sim/state");
    expect(status).toBe(200);
    const state = body as unknown as SimulatorState;
    expect(state.homeAccountId).toBe("111111111111");
    expect(state.timeScale).toBe(60);
    expect(state.accounts.map((a) => a.accountId)).toEqual(["111111111111", "222222222222"]);
    expect(state.accounts[1]?.crossAccountRole).toEqual({
      roleName: "DRSOrchestrationCrossAccountRole",
      requiresExternalId: true,
    });
    expect(state.accounts[0]?.regions.map((r) => r.region)).toEqual(["us-east-1", "us-west-2"]);
  });

  it("POST /_sim/fleet replaces the fleet; an invalid fleet is refused with 400 and the old one stays", async () => {
    const fleet = {
      accounts: [
        {
          accountId: "333333333333",
          regions: [{ region: "eu-west-1", servers: [{ hostname: "solo", tags: { Tier: "app" } }] }],
        },
      ],
    };
    const replaced = await call("POST", "/_sim/fleet", fleet);
    expect(replaced.status).toBe(200);
    const { drs } = sdkClients(sim, "eu-west-1");
    const servers = (await drs.send(new DescribeSourceServersCommand({}))).items ?? [];
    expect(servers.map((s) => s.sourceProperties?.identificationHints?.hostname)).toEqual(["solo"]);

    const refused = await call("POST", "/_sim/fleet", { accounts: [{ accountId: "12", regions: [] }] });
    expect(refused.status).toBe(400);
    expect(String(refused.body.message)).toMatch(/accountId/);
    expect((await drs.send(new DescribeSourceServersCommand({}))).items).toHaveLength(1);

    expect((await call("POST", "/_sim/fleet", demoFleet())).status).toBe(200);
  });

  it("POST /_sim/faults injects errors until cleared; bad faults are refused", async () => {
    const set = await call("POST", "/_sim/faults", {
      faults: [{ service: "drs", operation: "DescribeJobs", errorType: "ThrottlingException", rate: 1 }],
    });
    expect(set.status).toBe(200);
    const { drs } = sdkClients(sim, "us-east-1", { maxAttempts: 1 });
    await expect(drs.send(new DescribeJobsCommand({}))).rejects.toBeInstanceOf(ThrottlingException);
    expect(
      (await call("POST", "/_sim/faults", { faults: [{ operation: "*", errorType: "X", rate: 2 }] })).status,
    ).toBe(400);
    expect((await call("POST", "/_sim/faults", { faults: [] })).status).toBe(200);
    await expect(drs.send(new DescribeJobsCommand({}))).resolves.toBeDefined();
  });

  it("POST /_sim/reset forgets jobs; the same seed replays the same job ids", async () => {
    const { drs } = sdkClients(sim);
    const launch = async () => {
      const [server] = (await drs.send(new DescribeSourceServersCommand({ maxResults: 1 }))).items ?? [];
      const { job } = await drs.send(
        new StartRecoveryCommand({
          isDrill: true,
          sourceServers: [{ sourceServerID: server?.sourceServerID ?? "" }],
        }),
      );
      return job?.jobID;
    };
    expect((await call("POST", "/_sim/reset", { seed: 99 })).status).toBe(200);
    const first = await launch();
    const reset = await call("POST", "/_sim/reset", { seed: 99 });
    expect((reset.body as unknown as SimulatorState).accounts[0]?.regions[0]?.jobs.total).toBe(0);
    expect((await drs.send(new DescribeJobsCommand({}))).items).toEqual([]);
    expect(await launch()).toBe(first);
  });

  it("POST /_sim/clock moves simulated time forward so a job completes without waiting", async () => {
    const { drs } = sdkClients(sim);
    await call("POST", "/_sim/reset", {});
    const [server] = (await drs.send(new DescribeSourceServersCommand({ maxResults: 1 }))).items ?? [];
    const { job } = await drs.send(
      new StartRecoveryCommand({
        isDrill: true,
        sourceServers: [{ sourceServerID: server?.sourceServerID ?? "" }],
      }),
    );
    expect((await call("POST", "/_sim/clock", { advanceMs: 30_000 })).status).toBe(200);
    const [done] =
      (await drs.send(new DescribeJobsCommand({ filters: { jobIDs: [job?.jobID ?? ""] } }))).items ?? [];
    expect(done?.status).toBe("COMPLETED");
  });
});
