import { type DrsJobObservation, LAUNCH_TAGS } from "@drso/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "./support/eventually";
import {
  HOME,
  type SimulatedAws,
  servers,
  simulatedAws,
  TARGET,
  twoAccountFleet,
} from "./support/simulated-aws";

const completed = (jobs: DrsJobObservation[]) =>
  jobs.length > 0 && jobs.every((j) => j.status === "COMPLETED");

describe("DrsRecoveryLauncher against the simulator", () => {
  let aws: SimulatedAws;
  const retried: string[] = [];
  beforeAll(async () => {
    aws = await simulatedAws(
      twoAccountFleet(
        [{ region: "us-east-1", servers: servers(100) }],
        [{ region: "us-west-2", servers: servers(4, "t") }],
      ),
      // Slow enough that the job is polled many times under the injected faults.
      { timeScale: 1000, retryEnvironment: { onRetry: ({ operation }) => void retried.push(operation) } },
    );
  });
  afterAll(() => aws.close());

  it("completes a 100-server recovery under 30% throttling and 10% internal errors, launching the batch once", async () => {
    const { catalog, launcher, health } = aws.adapters;
    const fleet = await catalog.listSourceServers(HOME, "us-east-1");
    aws.sim.control.setFaults([
      { service: "drs", operation: "*", errorType: "ThrottlingException", rate: 0.3 },
      { service: "drs", operation: "*", errorType: "InternalServerException", rate: 0.1 },
      { service: "ec2", operation: "*", errorType: "ThrottlingException", rate: 0.3 },
    ]);
    try {
      const { jobId } = await launcher.startRecovery({
        executionId: "exec-faults",
        batchId: "batch-faults-1",
        accountId: HOME,
        region: "us-east-1",
        isDrill: false,
        servers: fleet.map((s) => ({ serverId: s.serverId })),
      });
      const [job] = await eventually(() => launcher.describeJobs(HOME, "us-east-1", [jobId]), completed);
      expect(job?.tags).toMatchObject({
        [LAUNCH_TAGS.executionId]: "exec-faults",
        [LAUNCH_TAGS.batchId]: "batch-faults-1",
      });
      expect(job?.servers).toHaveLength(100);
      expect(job?.servers.every((s) => s.launchStatus === "LAUNCHED" && s.recoveryInstanceId)).toBe(true);

      const instances = await launcher.describeRecoveryInstances(HOME, "us-east-1", {
        serverIds: fleet.map((s) => s.serverId),
      });
      expect(instances).toHaveLength(100);
      const ec2Ids = instances.map((i) => i.ec2InstanceId ?? "");
      const healthy = await eventually(
        () => health.describeInstanceHealth(HOME, "us-east-1", ec2Ids),
        (h) => h.length === 100 && h.every((i) => i.state === "running" && i.instanceStatus === "ok"),
      );
      expect(healthy.every((i) => i.systemStatus === "ok")).toBe(true);
    } finally {
      aws.sim.control.setFaults([]);
    }
    // The faults did fire, and the adapters' own retries absorbed them.
    expect(retried).toContain("DescribeJobs");
    // The simulator's own record: exactly one job was created, and it carries this batch's tag.
    const region = aws.sim.control
      .state()
      .accounts.find((a) => a.accountId === HOME)
      ?.regions.find((r) => r.region === "us-east-1");
    expect(region?.jobs.total).toBe(1);
    const batchJobs = (await aws.adapters.launcher.listJobsSince(HOME, "us-east-1", new Date(0))).filter(
      (j) => j.tags[LAUNCH_TAGS.batchId] === "batch-faults-1",
    );
    expect(batchJobs).toHaveLength(1);
  });

  it("reports job log events from JOB_START to JOB_END", async () => {
    const { catalog, launcher } = aws.adapters;
    const [server] = await catalog.listSourceServers(HOME, "us-east-1");
    const { jobId } = await launcher.startRecovery({
      executionId: "exec-logs",
      batchId: "batch-logs",
      accountId: HOME,
      region: "us-east-1",
      isDrill: true,
      servers: [{ serverId: server!.serverId }],
    });
    await eventually(() => launcher.describeJobs(HOME, "us-east-1", [jobId]), completed);
    const log = await launcher.getJobLogItems(HOME, "us-east-1", jobId);
    const events = log.map((l) => l.event);
    expect(events[0]).toBe("JOB_START");
    expect(events).toContain("SNAPSHOT_START");
    expect(events).toContain("CONVERSION_END");
    expect(events.at(-1)).toBe("JOB_END");
    expect(log.every((l) => l.jobId === jobId && l.eventDateTime)).toBe(true);
  });

  it("finds jobs by creation date for crash reconciliation", async () => {
    const { catalog, launcher } = aws.adapters;
    const before = new Date(Date.now() - 1000);
    const [, server] = await catalog.listSourceServers(HOME, "us-east-1");
    const { jobId } = await launcher.startRecovery({
      executionId: "exec-since",
      batchId: "batch-since",
      accountId: HOME,
      region: "us-east-1",
      isDrill: true,
      servers: [{ serverId: server!.serverId }],
    });
    const since = await launcher.listJobsSince(HOME, "us-east-1", before);
    expect(since.find((j) => j.jobId === jobId)?.tags[LAUNCH_TAGS.batchId]).toBe("batch-since");
    const future = await launcher.listJobsSince(HOME, "us-east-1", new Date(Date.now() + 3600_000));
    expect(future.find((j) => j.jobId === jobId)).toBeUndefined();
  });

  it("asks about more job ids than one DescribeJobs call takes by splitting them (≤1000 per call)", async () => {
    const { launcher } = aws.adapters;
    const [known] = await launcher.listJobsSince(HOME, "us-east-1", new Date(0));
    const unknown = Array.from({ length: 1200 }, (_, i) => `drsjob-${i.toString(16).padStart(17, "0")}`);
    const jobs = await launcher.describeJobs(HOME, "us-east-1", [...unknown, known!.jobId]);
    expect(jobs.map((j) => j.jobId)).toEqual([known!.jobId]);
  });

  it("splits recovery instance filters into calls of at most 200 ids", async () => {
    const { launcher } = aws.adapters;
    const all = await launcher.describeRecoveryInstances(HOME, "us-east-1");
    const padding = Array.from({ length: 250 }, (_, i) => `i-${i.toString(16).padStart(17, "0")}`);
    const found = await launcher.describeRecoveryInstances(HOME, "us-east-1", {
      recoveryInstanceIds: [...padding, ...all.slice(0, 2).map((r) => r.recoveryInstanceId)],
    });
    expect(found.map((r) => r.recoveryInstanceId).sort()).toEqual(
      all
        .slice(0, 2)
        .map((r) => r.recoveryInstanceId)
        .sort(),
    );
  });

  it("terminates recovery instances with a DRS termination job", async () => {
    const { launcher } = aws.adapters;
    const instances = await launcher.describeRecoveryInstances(HOME, "us-east-1");
    expect(instances.length).toBeGreaterThan(0);
    const ids = instances.slice(0, 3).map((i) => i.recoveryInstanceId);
    const { jobId } = await launcher.terminateRecoveryInstances(HOME, "us-east-1", ids);
    const [job] = await eventually(() => launcher.describeJobs(HOME, "us-east-1", [jobId]), completed);
    expect(job?.type).toBe("TERMINATE");
    const after = await eventually(
      () => launcher.describeRecoveryInstances(HOME, "us-east-1", { recoveryInstanceIds: ids }),
      (left) => left.length === 0 || left.every((i) => i.ec2State === "TERMINATED"),
    );
    expect(after.every((i) => i.ec2State === undefined || i.ec2State === "TERMINATED")).toBe(true);
  });

  it("launches in the target account through AssumeRole", async () => {
    const { catalog, launcher } = aws.adapters;
    const targetServers = await catalog.listSourceServers(TARGET, "us-west-2");
    expect(targetServers).toHaveLength(4);
    const { jobId } = await launcher.startRecovery({
      executionId: "exec-x",
      batchId: "batch-x",
      accountId: TARGET,
      region: "us-west-2",
      isDrill: true,
      servers: targetServers.map((s) => ({ serverId: s.serverId })),
    });
    const [job] = await eventually(() => launcher.describeJobs(TARGET, "us-west-2", [jobId]), completed);
    expect(job?.servers.map((s) => s.launchStatus)).toEqual(["LAUNCHED", "LAUNCHED", "LAUNCHED", "LAUNCHED"]);
    // The job lives in the target account only: the home account does not see it.
    expect(await launcher.describeJobs(HOME, "us-east-1", [jobId])).toEqual([]);
  });
});
