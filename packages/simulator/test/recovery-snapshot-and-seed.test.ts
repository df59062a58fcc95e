import {
  DescribeJobLogItemsCommand,
  DescribeJobsCommand,
  DescribeRecoveryInstancesCommand,
  DescribeRecoverySnapshotsCommand,
  DescribeSourceServersCommand,
  ResourceNotFoundException,
  StartRecoveryCommand,
  ValidationException,
} from "@aws-sdk/client-drs";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningSimulator, startSimulator } from "../src/index";
import { sdkClients } from "./sdk-clients";

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});
const start = async (seed: number, fleet?: Parameters<typeof startSimulator>[0]) => {
  const sim = await startSimulator({ port: 0, seed, ...fleet });
  running.push(sim);
  return sim;
};

describe("point-in-time recovery and determinism", () => {
  it("recovers from a chosen recovery snapshot without taking a new one", async () => {
    const sim = await start(1);
    const { drs } = sdkClients(sim);
    const [server] = (await drs.send(new DescribeSourceServersCommand({ maxResults: 1 }))).items ?? [];
    const id = server?.sourceServerID ?? "";
    const snapshots =
      (await drs.send(new DescribeRecoverySnapshotsCommand({ sourceServerID: id, order: "DESC" }))).items ??
      [];
    const chosen = snapshots[3];
    const { job } = await drs.send(
      new StartRecoveryCommand({
        sourceServers: [{ sourceServerID: id, recoverySnapshotID: chosen?.snapshotID ?? "" }],
      }),
    );
    sim.control.advanceTime(30_000);
    const events = (
      (await drs.send(new DescribeJobLogItemsCommand({ jobID: job?.jobID ?? "" }))).items ?? []
    ).map((i) => i.event);
    expect(events).toContain("USING_PREVIOUS_SNAPSHOT");
    expect(events).not.toContain("SNAPSHOT_START");
    const [instance] =
      (await drs.send(new DescribeRecoveryInstancesCommand({ filters: { sourceServerIDs: [id] } }))).items ??
      [];
    expect(instance?.pointInTimeSnapshotDateTime).toBe(chosen?.expectedTimestamp);
  });

  it("refuses an unknown recovery snapshot, an unknown job and more than 1000 job ids", async () => {
    const sim = await start(1);
    const { drs } = sdkClients(sim, "us-east-1", { maxAttempts: 1 });
    const [server] = (await drs.send(new DescribeSourceServersCommand({ maxResults: 1 }))).items ?? [];
    await expect(
      drs.send(
        new StartRecoveryCommand({
          sourceServers: [
            { sourceServerID: server?.sourceServerID ?? "", recoverySnapshotID: "pit-00000000000000000" },
          ],
        }),
      ),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(
      drs.send(new DescribeJobLogItemsCommand({ jobID: "drsjob-00000000000000000" })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    const jobIDs = Array.from({ length: 1001 }, (_, i) => `drsjob-${i.toString(16).padStart(17, "0")}`);
    await expect(drs.send(new DescribeJobsCommand({ filters: { jobIDs } }))).rejects.toBeInstanceOf(
      ValidationException,
    );
    await expect(
      drs.send(new DescribeJobsCommand({ filters: { jobIDs: jobIDs.slice(0, 1000) } })),
    ).resolves.toHaveProperty("items", []);
  });

  it("replays the same run for the same seed: job ids and which servers fail to launch", async () => {
    const fleet = {
      fleet: {
        accounts: [
          {
            accountId: "111111111111",
            regions: [
              {
                region: "us-east-1",
                servers: Array.from({ length: 24 }, (_, i) => ({
                  hostname: `flaky-${i}`,
                  launchFailureProbability: 0.5,
                })),
              },
            ],
          },
        ],
      },
    };
    const run = async (seed: number) => {
      const sim = await start(seed, fleet);
      const { drs } = sdkClients(sim);
      const ids = ((await drs.send(new DescribeSourceServersCommand({}))).items ?? []).map((s) => ({
        sourceServerID: s.sourceServerID ?? "",
      }));
      const { job } = await drs.send(new StartRecoveryCommand({ sourceServers: ids }));
      sim.control.advanceTime(30_000);
      const [done] =
        (await drs.send(new DescribeJobsCommand({ filters: { jobIDs: [job?.jobID ?? ""] } }))).items ?? [];
      const failed = (done?.participatingServers ?? [])
        .filter((p) => p.launchStatus === "FAILED")
        .map((p) => p.sourceServerID);
      return { jobID: job?.jobID, failed };
    };
    const a = await run(42);
    const b = await run(42);
    const c = await run(43);
    expect(b).toEqual(a);
    expect(a.failed.length).toBeGreaterThan(0);
    expect(a.failed.length).toBeLessThan(24);
    expect(c.jobID).not.toBe(a.jobID);
  });
});
