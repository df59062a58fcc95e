import type { DrsJobObservation } from "@drso/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "./support/eventually";
import { HOME, type SimulatedAws, servers, simulatedAws, twoAccountFleet } from "./support/simulated-aws";

const completed = (jobs: DrsJobObservation[]) =>
  jobs.length > 0 && jobs.every((j) => j.status === "COMPLETED");

describe("terminating more recovery instances than one DRS call takes", () => {
  let aws: SimulatedAws;
  beforeAll(async () => {
    aws = await simulatedAws(twoAccountFleet([{ region: "us-east-1", servers: servers(250) }]));
  });
  afterAll(() => aws.close());

  it("splits 250 instances into termination jobs of at most 200 and terminates them all", async () => {
    const { catalog, launcher } = aws.adapters;
    const fleet = await catalog.listSourceServers(HOME, "us-east-1");
    const jobIds: string[] = [];
    for (const [i, slice] of [fleet.slice(0, 100), fleet.slice(100, 200), fleet.slice(200)].entries()) {
      const { jobId } = await launcher.startRecovery({
        executionId: "exec-terminate",
        batchId: `batch-terminate-${i}`,
        accountId: HOME,
        region: "us-east-1",
        isDrill: true,
        servers: slice.map((s) => ({ serverId: s.serverId })),
      });
      jobIds.push(jobId);
    }
    await eventually(() => launcher.describeJobs(HOME, "us-east-1", jobIds), completed);
    const instances = await launcher.describeRecoveryInstances(HOME, "us-east-1");
    expect(instances).toHaveLength(250);

    const result = await launcher.terminateRecoveryInstances(
      HOME,
      "us-east-1",
      instances.map((r) => r.recoveryInstanceId),
    );
    expect(result.jobIds).toHaveLength(2);
    expect(result.jobId).toBe(result.jobIds[0]);
    const jobs = await eventually(() => launcher.describeJobs(HOME, "us-east-1", result.jobIds), completed);
    expect(jobs.map((j) => j.type)).toEqual(["TERMINATE", "TERMINATE"]);
    expect(jobs.reduce((n, j) => n + j.servers.length, 0)).toBe(250);
  });
});
