import {
  paginateDescribeSourceServers,
  ServiceQuotaExceededException,
  StartRecoveryCommand,
} from "@aws-sdk/client-drs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type RunningSimulator, startSimulator } from "../src/index";
import { flatFleet, sdkClients } from "./sdk-clients";

describe("DRS quotas are enforced exactly at their limits", () => {
  let sim: RunningSimulator;
  const ids: string[] = [];
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 5, fleet: flatFleet(600, { maxReplicatingServers: 600 }) });
    const { drs } = sdkClients(sim);
    for await (const page of paginateDescribeSourceServers({ client: drs, pageSize: 1000 }, {}))
      ids.push(...(page.items ?? []).map((s) => s.sourceServerID ?? ""));
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.control.reset());

  const start = (serverIds: string[]) =>
    sdkClients(sim, "us-east-1", { maxAttempts: 1 }).drs.send(
      new StartRecoveryCommand({
        isDrill: true,
        sourceServers: serverIds.map((sourceServerID) => ({ sourceServerID })),
      }),
    );

  it("accepts 100 servers in one job and refuses 101", async () => {
    await expect(start(ids.slice(0, 100))).resolves.toHaveProperty("job.status", "PENDING");
    const error = await start(ids.slice(100, 201)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceQuotaExceededException);
    expect((error as Error).message).toMatch(/100 source servers per job/);
  });

  it("accepts 20 concurrent jobs and refuses the 21st", async () => {
    for (let i = 0; i < 20; i++) await start([ids[i] ?? ""]);
    const error = await start([ids[20] ?? ""]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceQuotaExceededException);
    expect((error as Error).message).toMatch(/20 concurrent jobs/);
  });

  it("counts the requests it answered and the quota refusals, for clients to be checked against", async () => {
    for (let i = 0; i < 20; i++) await start([ids[i] ?? ""]);
    await start([ids[20] ?? ""]).catch(() => undefined);
    const { drsCalls } = sim.control.state();
    expect(drsCalls.byOperation.StartRecovery).toBe(21);
    expect(drsCalls.errors).toEqual({ ServiceQuotaExceededException: 1 });
    sim.control.reset();
    expect(sim.control.state().drsCalls).toEqual({ total: 0, byOperation: {}, errors: {} });
  });

  it("accepts 500 servers across active jobs and refuses the 501st", async () => {
    for (let i = 0; i < 5; i++) await start(ids.slice(i * 100, (i + 1) * 100));
    const error = await start([ids[500] ?? ""]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceQuotaExceededException);
    expect((error as Error).message).toMatch(/500 source servers in all active jobs/);
  });

  it("frees the quota once jobs complete", async () => {
    for (let i = 0; i < 5; i++) await start(ids.slice(i * 100, (i + 1) * 100));
    sim.control.advanceTime(30_000);
    await expect(start([ids[500] ?? ""])).resolves.toHaveProperty("job.status", "PENDING");
  });

  it("refuses a fleet with more replicating servers than the account-region quota (300 by default)", () => {
    expect(() => sim.control.setFleet(flatFleet(301, { maxReplicatingServers: 300 }))).toThrow(
      /exceed the quota of 300/,
    );
    expect(() => sim.control.setFleet(flatFleet(300, { maxReplicatingServers: 300 }))).not.toThrow();
    sim.control.setFleet(flatFleet(600, { maxReplicatingServers: 600 }));
  });
});
