import {
  DescribeJobLogItemsCommand,
  DescribeJobsCommand,
  DescribeRecoveryInstancesCommand,
  DescribeSourceServersCommand,
  StartRecoveryCommand,
  TerminateRecoveryInstancesCommand,
} from "@aws-sdk/client-drs";
import { DescribeInstanceStatusCommand, DescribeInstancesCommand } from "@aws-sdk/client-ec2";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RunningSimulator, startSimulator } from "../src/index";
import { flatFleet, sdkClients } from "./sdk-clients";

/** Long enough (real ms at timeScale 60) for any job to finish and its instances to pass status checks. */
const WHOLE_JOB_MS = 30_000;

describe("a recovery job through the real SDK clients", () => {
  let sim: RunningSimulator;
  beforeEach(async () => {
    sim = await startSimulator({ port: 0, seed: 11, timeScale: 60, fleet: flatFleet(160) });
  });
  afterEach(() => sim.close());

  it("runs a 150-server drill split by the caller into two StartRecovery calls until every EC2 instance runs with status ok", async () => {
    const { drs, ec2 } = sdkClients(sim);
    const servers = (await drs.send(new DescribeSourceServersCommand({ maxResults: 150 }))).items ?? [];
    expect(servers).toHaveLength(150);
    const batches = [servers.slice(0, 100), servers.slice(100)];
    const jobIds: string[] = [];
    for (const [i, batch] of batches.entries()) {
      const { job } = await drs.send(
        new StartRecoveryCommand({
          isDrill: true,
          sourceServers: batch.map((s) => ({ sourceServerID: s.sourceServerID ?? "" })),
          tags: { "drso:executionId": "exec-1", "drso:batchId": `batch-${i}` },
        }),
      );
      expect(job?.jobID).toMatch(/^drsjob-[0-9a-f]{17}$/);
      expect(job?.status).toBe("PENDING");
      expect(job?.initiatedBy).toBe("START_DRILL");
      jobIds.push(job?.jobID ?? "");
    }

    const early = await drs.send(new DescribeJobsCommand({ filters: { jobIDs: jobIds } }));
    expect(early.items?.map((j) => j.status)).toEqual(["PENDING", "PENDING"]);
    expect(early.items?.[1]?.tags).toEqual({ "drso:executionId": "exec-1", "drso:batchId": "batch-1" });

    sim.control.advanceTime(WHOLE_JOB_MS);
    const done = await drs.send(new DescribeJobsCommand({ filters: { jobIDs: jobIds } }));
    expect(done.items?.map((j) => j.status)).toEqual(["COMPLETED", "COMPLETED"]);
    const participants = (done.items ?? []).flatMap((j) => j.participatingServers ?? []);
    expect(participants).toHaveLength(150);
    expect(participants.every((p) => p.launchStatus === "LAUNCHED")).toBe(true);
    expect(done.items?.every((j) => j.endDateTime !== undefined)).toBe(true);

    const instanceIds = participants.map((p) => p.recoveryInstanceID ?? "");
    const recovery = await drs.send(new DescribeRecoveryInstancesCommand({ maxResults: 200 }));
    expect(recovery.items).toHaveLength(150);
    expect(recovery.items?.every((r) => r.isDrill === true && r.ec2InstanceState === "RUNNING")).toBe(true);

    const statuses = [];
    for (let i = 0; i < instanceIds.length; i += 100) {
      const page = await ec2.send(
        new DescribeInstanceStatusCommand({
          InstanceIds: instanceIds.slice(i, i + 100),
          IncludeAllInstances: true,
        }),
      );
      statuses.push(...(page.InstanceStatuses ?? []));
    }
    expect(statuses).toHaveLength(150);
    for (const s of statuses) {
      expect(s.InstanceState?.Name).toBe("running");
      expect(s.InstanceStatus?.Status).toBe("ok");
      expect(s.SystemStatus?.Status).toBe("ok");
    }
  });

  it("moves servers PENDING → IN_PROGRESS → LAUNCHED and boots instances pending → running with checks initializing → ok", async () => {
    const { drs, ec2 } = sdkClients(sim);
    const [server] = (await drs.send(new DescribeSourceServersCommand({ maxResults: 1 }))).items ?? [];
    const { job } = await drs.send(
      new StartRecoveryCommand({
        isDrill: false,
        sourceServers: [{ sourceServerID: server?.sourceServerID ?? "" }],
      }),
    );
    const jobID = job?.jobID ?? "";
    const describe = async () =>
      (await drs.send(new DescribeJobsCommand({ filters: { jobIDs: [jobID] } }))).items?.[0];
    expect((await describe())?.participatingServers?.[0]?.launchStatus).toBe("PENDING");
    sim.control.advanceTime(1_500); // ~1.5 simulated minutes: the job has started, the snapshot is being taken
    const started = await describe();
    expect(started?.status).toBe("STARTED");
    expect(started?.initiatedBy).toBe("START_RECOVERY");
    expect(started?.participatingServers?.[0]?.launchStatus).toBe("IN_PROGRESS");

    // Step until the server is launched; the EC2 instance is then still booting.
    let launched = started;
    for (let i = 0; i < 40 && launched?.participatingServers?.[0]?.launchStatus !== "LAUNCHED"; i++) {
      sim.control.advanceTime(500);
      launched = await describe();
    }
    const instanceId = launched?.participatingServers?.[0]?.recoveryInstanceID ?? "";
    expect(instanceId).toMatch(/^i-[0-9a-f]{17}$/);
    const booting = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
    expect(booting.Reservations?.[0]?.Instances?.[0]?.State?.Name).toBe("pending");
    // Only running instances have a status unless all are asked for.
    expect(
      (await ec2.send(new DescribeInstanceStatusCommand({ InstanceIds: [instanceId] }))).InstanceStatuses,
    ).toEqual([]);

    sim.control.advanceTime(90_000 / 60); // boot: ~1 simulated minute
    const running = await ec2.send(new DescribeInstanceStatusCommand({ InstanceIds: [instanceId] }));
    expect(running.InstanceStatuses?.[0]?.InstanceState?.Name).toBe("running");
    expect(running.InstanceStatuses?.[0]?.InstanceStatus?.Status).toBe("initializing");
    sim.control.advanceTime(5_000); // status checks: ~3 simulated minutes
    const healthy = await ec2.send(new DescribeInstanceStatusCommand({ InstanceIds: [instanceId] }));
    expect(healthy.InstanceStatuses?.[0]?.InstanceStatus?.Status).toBe("ok");

    const logs = await drs.send(new DescribeJobLogItemsCommand({ jobID }));
    expect(logs.items?.map((l) => l.event)).toEqual([
      "JOB_START",
      "SNAPSHOT_START",
      "SNAPSHOT_END",
      "CONVERSION_START",
      "CONVERSION_END",
      "LAUNCH_START",
      "LAUNCH_END",
      "JOB_END",
    ]);
    expect(logs.items?.[6]?.eventData?.targetInstanceID).toBe(instanceId);
  });

  it("fails a server that cannot launch with a realistic message, and the job still completes", async () => {
    sim.control.setFleet({
      accounts: [
        {
          accountId: "111111111111",
          regions: [
            {
              region: "us-east-1",
              servers: [
                { hostname: "good-01" },
                { hostname: "doomed-01", launchFailureProbability: 1, instanceType: "r5.2xlarge" },
              ],
            },
          ],
        },
      ],
    });
    const { drs } = sdkClients(sim);
    const servers = (await drs.send(new DescribeSourceServersCommand({}))).items ?? [];
    const { job } = await drs.send(
      new StartRecoveryCommand({
        sourceServers: servers.map((s) => ({ sourceServerID: s.sourceServerID ?? "" })),
      }),
    );
    sim.control.advanceTime(WHOLE_JOB_MS);
    const [done] =
      (await drs.send(new DescribeJobsCommand({ filters: { jobIDs: [job?.jobID ?? ""] } }))).items ?? [];
    expect(done?.status).toBe("COMPLETED");
    const byHost = new Map(
      servers.map((s) => [s.sourceServerID, s.sourceProperties?.identificationHints?.hostname]),
    );
    const outcome = Object.fromEntries(
      (done?.participatingServers ?? []).map((p) => [byHost.get(p.sourceServerID), p.launchStatus]),
    );
    expect(outcome).toEqual({ "good-01": "LAUNCHED", "doomed-01": "FAILED" });
    const logs = (await drs.send(new DescribeJobLogItemsCommand({ jobID: job?.jobID ?? "" }))).items ?? [];
    const failure = logs.find((l) => l.event === "LAUNCH_FAILED");
    expect(failure?.eventData?.rawError).toMatch(/Failed to launch recovery instance/);
    const doomed = servers.find((s) => s.sourceProperties?.identificationHints?.hostname === "doomed-01");
    const after = await drs.send(
      new DescribeSourceServersCommand({ filters: { sourceServerIDs: [doomed?.sourceServerID ?? ""] } }),
    );
    expect(after.items?.[0]?.lastLaunchResult).toBe("FAILED");
  });

  it("terminates recovery instances with a TERMINATE job: EC2 instances shut down and leave DescribeRecoveryInstances", async () => {
    const { drs, ec2 } = sdkClients(sim);
    const servers = (await drs.send(new DescribeSourceServersCommand({ maxResults: 3 }))).items ?? [];
    await drs.send(
      new StartRecoveryCommand({
        isDrill: true,
        sourceServers: servers.map((s) => ({ sourceServerID: s.sourceServerID ?? "" })),
      }),
    );
    sim.control.advanceTime(WHOLE_JOB_MS);
    const instances = (await drs.send(new DescribeRecoveryInstancesCommand({}))).items ?? [];
    expect(instances).toHaveLength(3);
    const ids = instances.map((i) => i.recoveryInstanceID ?? "");
    const { job } = await drs.send(new TerminateRecoveryInstancesCommand({ recoveryInstanceIDs: ids }));
    expect(job?.type).toBe("TERMINATE");
    expect(job?.initiatedBy).toBe("TERMINATE_RECOVERY_INSTANCES");
    sim.control.advanceTime(WHOLE_JOB_MS);
    const [done] =
      (await drs.send(new DescribeJobsCommand({ filters: { jobIDs: [job?.jobID ?? ""] } }))).items ?? [];
    expect(done?.status).toBe("COMPLETED");
    expect(done?.participatingServers?.every((p) => p.launchStatus === "TERMINATED")).toBe(true);
    expect((await drs.send(new DescribeRecoveryInstancesCommand({}))).items).toEqual([]);
    const ec2View = await ec2.send(new DescribeInstancesCommand({ InstanceIds: ids }));
    expect(ec2View.Reservations?.flatMap((r) => r.Instances ?? []).map((i) => i.State?.Name)).toEqual([
      "terminated",
      "terminated",
      "terminated",
    ]);
  });

  it("filters DescribeJobs by creation date", async () => {
    const { drs } = sdkClients(sim);
    const servers = (await drs.send(new DescribeSourceServersCommand({ maxResults: 2 }))).items ?? [];
    const first = await drs.send(
      new StartRecoveryCommand({
        isDrill: true,
        sourceServers: [{ sourceServerID: servers[0]?.sourceServerID ?? "" }],
      }),
    );
    sim.control.advanceTime(60_000);
    const cutoff = new Date(Date.now() + 59_000).toISOString();
    const second = await drs.send(
      new StartRecoveryCommand({
        isDrill: true,
        sourceServers: [{ sourceServerID: servers[1]?.sourceServerID ?? "" }],
      }),
    );
    const recent = await drs.send(new DescribeJobsCommand({ filters: { fromDate: cutoff } }));
    expect(recent.items?.map((j) => j.jobID)).toEqual([second.job?.jobID]);
    const older = await drs.send(new DescribeJobsCommand({ filters: { toDate: cutoff } }));
    expect(older.items?.map((j) => j.jobID)).toEqual([first.job?.jobID]);
  });
});
