import { ec2StateAt } from "../ec2/instance-state";
import { jobStatus, launchStatus } from "../recovery-job";
import type { RecoverySnapshot } from "../recovery-snapshots";
import { iso } from "../sim-clock";
import type {
  Ec2InstanceRecord,
  JobRecord,
  RecoveryInstanceRecord,
  RegionWorld,
  SourceServerRecord,
} from "../world-records";

/** JSON shapes of DRS resources, field for field as `@aws-sdk/client-drs` models them. */

const durationIso = (ms: number): string => {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  return `P${d > 0 ? `${d}D` : ""}T${h}H${m}M0S`;
};

const REPLICATION_ERRORS: Record<string, string> = {
  STALLED: "UNSTABLE_NETWORK",
  DISCONNECTED: "AGENT_NOT_SEEN",
};

export function sourceServerView(server: SourceServerRecord, world: RegionWorld, now: number) {
  const lastSeen = server.replicationState === "DISCONNECTED" ? (server.frozenSnapshotAt ?? now) : now;
  const lag = server.frozenSnapshotAt !== undefined ? now - server.frozenSnapshotAt : 0;
  const lastJob = server.lastLaunch ? world.jobs.get(server.lastLaunch.jobID) : undefined;
  const lastStep = lastJob?.servers.find((s) => s.sourceServerID === server.sourceServerID);
  const lastStatus = lastJob && lastStep ? launchStatus(lastJob, lastStep, now, world) : undefined;
  const replicationError = REPLICATION_ERRORS[server.replicationState];
  return {
    sourceServerID: server.sourceServerID,
    arn: server.arn,
    tags: server.tags,
    ...(server.recoveryInstanceId !== undefined && { recoveryInstanceId: server.recoveryInstanceId }),
    lastLaunchResult:
      lastStatus === undefined
        ? "NOT_STARTED"
        : lastStatus === "FAILED"
          ? "FAILED"
          : lastStatus === "PENDING" || lastStatus === "IN_PROGRESS"
            ? "PENDING"
            : "SUCCEEDED",
    dataReplicationInfo: {
      dataReplicationState: server.replicationState,
      lagDuration: durationIso(lag),
      replicatedDisks: [
        {
          deviceName: "/dev/xvda",
          totalStorageBytes: server.diskBytes,
          replicatedStorageBytes: server.diskBytes,
          rescannedStorageBytes: 0,
          backloggedStorageBytes: server.replicationState === "BACKLOG" ? 2 * 1024 ** 3 : 0,
        },
      ],
      stagingAvailabilityZone: `${server.region}a`,
      ...(replicationError !== undefined && { dataReplicationError: { error: replicationError } }),
    },
    lifeCycle: {
      addedToServiceDateTime: iso(server.addedAt),
      firstByteDateTime: iso(server.addedAt + 60_000),
      elapsedReplicationDuration: durationIso(now - server.addedAt),
      lastSeenByServiceDateTime: iso(lastSeen),
      ...(server.lastLaunch && {
        lastLaunch: {
          initiated: {
            apiCallDateTime: iso(server.lastLaunch.apiCallAt),
            jobID: server.lastLaunch.jobID,
            type: server.lastLaunch.type,
          },
          ...(lastStatus !== undefined && { status: lastStatus }),
        },
      }),
    },
    sourceProperties: {
      lastUpdatedDateTime: iso(lastSeen),
      recommendedInstanceType: server.instanceType,
      identificationHints: {
        hostname: server.hostname,
        fqdn: `${server.hostname}.corp.example.com`,
        awsInstanceID: server.sourceInstanceId,
      },
      networkInterfaces: [
        { macAddress: macOf(server.sourceServerID), ips: [server.ipAddress], isPrimary: true },
      ],
      disks: [{ deviceName: "/dev/xvda", bytes: server.diskBytes }],
      cpus: [{ cores: 2, modelName: "Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz" }],
      ramBytes: 8 * 1024 ** 3,
      os: { fullString: server.os },
      supportsNitroInstances: true,
    },
    stagingArea: { status: "NOT_EXTENDED" },
    replicationDirection: "FAILOVER",
    agentVersion: "4.7.115",
  };
}

/** A locally administered MAC derived from the server id. */
const macOf = (id: string): string => ["02", ...(id.slice(2, 12).match(/../g) ?? [])].join(":");

export function jobView(job: JobRecord, world: RegionWorld, now: number) {
  const status = jobStatus(job, now);
  return {
    jobID: job.jobID,
    arn: job.arn,
    type: job.type,
    initiatedBy: job.initiatedBy,
    creationDateTime: iso(job.createdAt),
    ...(status === "COMPLETED" && { endDateTime: iso(job.endAt) }),
    status,
    participatingServers: job.servers.map((s) => {
      const state = launchStatus(job, s, now, world);
      const launched = state === "LAUNCHED" || state === "TERMINATED" || job.type === "TERMINATE";
      return {
        sourceServerID: s.sourceServerID,
        ...(launched && { recoveryInstanceID: s.recoveryInstanceID }),
        launchStatus: state,
      };
    }),
    tags: job.tags,
    participatingResources: [],
  };
}

export function recoveryInstanceView(
  ri: RecoveryInstanceRecord,
  instance: Ec2InstanceRecord | undefined,
  server: SourceServerRecord | undefined,
  now: number,
) {
  const state = instance ? ec2StateAt(instance, now).name.toUpperCase() : "NOT_FOUND";
  return {
    ec2InstanceID: ri.recoveryInstanceID,
    ec2InstanceState: state,
    jobID: ri.jobID,
    recoveryInstanceID: ri.recoveryInstanceID,
    sourceServerID: ri.sourceServerID,
    arn: ri.arn,
    tags: ri.tags,
    isDrill: ri.isDrill,
    pointInTimeSnapshotDateTime: iso(ri.pointInTimeSnapshotAt),
    originEnvironment: "ON_PREMISES",
    originAvailabilityZone: instance?.availabilityZone,
    recoveryInstanceProperties: {
      lastUpdatedDateTime: iso(now),
      identificationHints: { hostname: server?.hostname, awsInstanceID: ri.recoveryInstanceID },
      networkInterfaces: instance ? [{ ips: [instance.privateIpAddress], isPrimary: true }] : [],
      disks: [{ internalDeviceName: "/dev/xvda", bytes: server?.diskBytes }],
      cpus: [{ cores: 2, modelName: "Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz" }],
      ramBytes: 8 * 1024 ** 3,
      os: { fullString: server?.os },
    },
    failback: { state: "FAILBACK_NOT_STARTED" },
    agentVersion: "4.7.115",
  };
}

export const recoverySnapshotView = (s: RecoverySnapshot) => ({
  snapshotID: s.snapshotID,
  sourceServerID: s.sourceServerID,
  expectedTimestamp: iso(s.expectedTimestamp),
  timestamp: iso(s.timestamp),
  ebsSnapshots: s.ebsSnapshots,
});
