import { defaultLaunchData } from "./ec2/launch-templates";
import { recoveryVpcOf } from "./ec2/region-network";
import { PHASE_MINUTES } from "./phase-durations";
import type { SimClock } from "./sim-clock";
import type { JobRecord, JobServerSchedule, RegionWorld } from "./world-records";

/**
 * Applies the outcome of every job step that is due by `now`: launched servers get a recovery
 * instance and an EC2 instance, terminated ones lose them. Only active jobs are visited, and every
 * change is stamped with the step's scheduled time (not `now`), so the result does not depend on
 * when somebody happens to ask.
 */
export function settle(world: RegionWorld, now: number, clock: SimClock): void {
  // Apply due steps in the order they happened, so the result (down to the order of instances in
  // listings) is the same however often, and at whichever moments, somebody looked.
  const due: { job: JobRecord; step: JobServerSchedule }[] = [];
  for (const job of world.activeJobs)
    for (const step of job.servers) if (!step.applied && now >= step.endAt) due.push({ job, step });
  due.sort((a, b) => a.step.endAt - b.step.endAt);
  for (const { job, step } of due) {
    if (job.type === "LAUNCH") applyLaunch(world, job, step, clock);
    else applyTermination(world, step, clock);
    step.applied = true;
  }
  for (const job of world.activeJobs) if (now >= job.endAt) world.activeJobs.delete(job);
}

function applyLaunch(world: RegionWorld, job: JobRecord, step: JobServerSchedule, clock: SimClock): void {
  const server = world.servers.get(step.sourceServerID);
  if (!server || step.failure) return;
  const id = step.recoveryInstanceID;
  // The address was reserved when the job was created, so it does not depend on when the launch is observed.
  const ipIndex = step.ipIndex ?? 0;
  // The server's launch template decides type, subnet and security group, as in DRS.
  const template = defaultLaunchData(server);
  const { subnets, securityGroups } = world.network;
  const recoveryVpcId = recoveryVpcOf(world.network)?.vpcId;
  const recoverySubnets = subnets.filter((s) => s.vpcId === recoveryVpcId);
  const subnet =
    subnets.find((s) => s.subnetId === template.subnetId) ??
    recoverySubnets[ipIndex % recoverySubnets.length] ??
    subnets[0];
  const vpcGroups = securityGroups.filter((g) => g.vpcId === subnet?.vpcId);
  const sg =
    securityGroups.find((g) => g.groupId === template.securityGroupIds?.[0]) ?? vpcGroups[1] ?? vpcGroups[0];
  if (!subnet || !sg) return;
  const [a, b, c] = subnet.cidrBlock.split(".");
  const runningAt = step.endAt + clock.durationMs(PHASE_MINUTES.instanceBoot);
  world.instances.set(id, {
    instanceId: id,
    instanceType: template.instanceType ?? server.instanceType,
    imageId: `ami-${id.slice(2)}`,
    availabilityZone: subnet.availabilityZone,
    subnetId: subnet.subnetId,
    vpcId: subnet.vpcId,
    securityGroupId: sg.groupId,
    privateIpAddress: `${a}.${b}.${Number(c) + (Math.floor(ipIndex / 250) % 16)}.${(ipIndex % 250) + 4}`,
    launchedAt: step.endAt,
    runningAt,
    statusOkAt: runningAt + clock.durationMs(PHASE_MINUTES.statusChecks),
    tags: {
      ...(server.launchConfiguration.copyTags ? server.tags : {}),
      Name: server.hostname,
      AWSElasticDisasterRecoveryManaged: "drs.amazonaws.com",
      AWSElasticDisasterRecoverySourceServerID: server.sourceServerID,
      ...(job.isDrill && { AWSElasticDisasterRecoveryDrill: "true" }),
    },
  });
  world.recoveryInstances.set(id, {
    recoveryInstanceID: id,
    arn: `arn:aws:drs:${world.region}:${world.accountId}:recovery-instance/${id}`,
    sourceServerID: server.sourceServerID,
    jobID: job.jobID,
    isDrill: job.isDrill,
    tags: {},
    pointInTimeSnapshotAt: step.snapshotAt,
    createdAt: step.endAt,
  });
  server.recoveryInstanceId = id;
  world.liveRecoveryInstances++;
}

function applyTermination(world: RegionWorld, step: JobServerSchedule, clock: SimClock): void {
  const instance = world.instances.get(step.recoveryInstanceID);
  if (instance && instance.terminateAt === undefined) {
    instance.terminateAt = step.endAt;
    instance.terminatedAt = step.endAt + clock.durationMs(PHASE_MINUTES.shuttingDown);
  }
  const recovery = world.recoveryInstances.get(step.recoveryInstanceID);
  if (recovery && recovery.terminatedAt === undefined) {
    recovery.terminatedAt = step.endAt;
    world.liveRecoveryInstances--;
  }
  const server = world.servers.get(step.sourceServerID);
  if (server?.recoveryInstanceId === step.recoveryInstanceID) delete server.recoveryInstanceId;
}
