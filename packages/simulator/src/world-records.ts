import type { DrsQuotas, ReplicationState } from "@drso/core";
import type { RegionNetwork } from "./ec2/region-network";

/**
 * The records the simulated world is made of: accounts and regions, DRS source servers, jobs,
 * recovery instances, EC2 instances and published SNS messages. `world.ts` builds them from a
 * fleet spec; the DRS/EC2/SNS operations and `job-progress.ts` change them.
 */

/** A DRS source server as the simulator keeps it. */
export interface SourceServerRecord {
  sourceServerID: string;
  arn: string;
  accountId: string;
  region: string;
  hostname: string;
  tags: Record<string, string>;
  /** The EC2 instance this server replicates (AWS-to-AWS); its tags are what tag sync copies. */
  sourceInstanceId: string;
  sourceInstanceTags: Record<string, string>;
  replicationState: ReplicationState;
  launchFailureProbability: number;
  instanceType: string;
  os: string;
  addedAt: number;
  /** When replication stopped producing snapshots (STALLED, DISCONNECTED...); live otherwise. */
  frozenSnapshotAt?: number;
  ipAddress: string;
  diskBytes: number;
  lastLaunch?: { jobID: string; type: "DRILL" | "RECOVERY"; apiCallAt: number };
  recoveryInstanceId?: string;
  launchConfiguration: LaunchConfigurationRecord;
}

export interface LaunchConfigurationRecord {
  name: string;
  ec2LaunchTemplateID: string;
  launchDisposition: "STOPPED" | "STARTED";
  targetInstanceTypeRightSizingMethod: "NONE" | "BASIC" | "IN_AWS";
  copyPrivateIp: boolean;
  copyTags: boolean;
  licensing: { osByol: boolean };
  postLaunchEnabled: boolean;
}

export interface RecoveryInstanceRecord {
  recoveryInstanceID: string;
  arn: string;
  sourceServerID: string;
  jobID: string;
  isDrill: boolean;
  tags: Record<string, string>;
  pointInTimeSnapshotAt: number;
  createdAt: number;
  /** Set when a TERMINATE job has finished with it; DescribeRecoveryInstances then omits it. */
  terminatedAt?: number;
}

export interface Ec2InstanceRecord {
  instanceId: string;
  instanceType: string;
  imageId: string;
  availabilityZone: string;
  subnetId: string;
  vpcId: string;
  securityGroupId: string;
  privateIpAddress: string;
  launchedAt: number;
  runningAt: number;
  statusOkAt: number;
  /** TerminateInstances / TerminateRecoveryInstances: `shutting-down` from here, then `terminated`. */
  terminateAt?: number;
  terminatedAt?: number;
  tags: Record<string, string>;
}

/** One account-region: its DRS service state and EC2 resources. */
export interface RegionWorld {
  accountId: string;
  region: string;
  initialized: boolean;
  quotas: DrsQuotas;
  servers: Map<string, SourceServerRecord>;
  jobs: Map<string, JobRecord>;
  /** Jobs in creation order (DescribeJobs lists them so). */
  jobList: JobRecord[];
  /** Jobs not yet COMPLETED: the only ones `settle` has to look at. */
  activeJobs: Set<JobRecord>;
  recoveryInstances: Map<string, RecoveryInstanceRecord>;
  instances: Map<string, Ec2InstanceRecord>;
  network: RegionNetwork;
  nextIp: number;
  /** Recovery instances not yet terminated (the recovery-instance quota), kept by `settle`. */
  liveRecoveryInstances: number;
}

export interface AccountWorld {
  accountId: string;
  name?: string;
  crossAccountRole?: { roleName: string; externalId?: string };
  regions: Map<string, RegionWorld>;
}

export type JobType = "LAUNCH" | "TERMINATE";
export type JobStatus = "PENDING" | "STARTED" | "COMPLETED";
export type LaunchStatus = "PENDING" | "IN_PROGRESS" | "LAUNCHED" | "FAILED" | "TERMINATED";

/**
 * One server's part in a job, fully scheduled when the job is created (times in ms). Status, log
 * items and launched instances are derived from these times whenever someone asks, so no timers
 * run and a run replays identically for a seed.
 */
export interface JobServerSchedule {
  sourceServerID: string;
  /** The recovery instance (and EC2 instance — DRS uses the same id) this server launches or terminates. */
  recoveryInstanceID: string;
  /** Private address slot reserved for the launched instance. */
  ipIndex?: number;
  startAt: number;
  snapshotEndAt: number;
  conversionEndAt: number;
  endAt: number;
  /** Point in time the recovery uses. */
  snapshotAt: number;
  /** A recovery snapshot was requested, or replication is not healthy: no new snapshot is taken. */
  usesPreviousSnapshot: boolean;
  /** Why the server fails, and in which phase; absent when it launches. */
  failure?: { phase: "SNAPSHOT" | "LAUNCH"; message: string };
  /** `settle` has applied this server's outcome (instances created or terminated). */
  applied: boolean;
}

export interface JobRecord {
  jobID: string;
  arn: string;
  type: JobType;
  initiatedBy: "START_DRILL" | "START_RECOVERY" | "TERMINATE_RECOVERY_INSTANCES";
  isDrill: boolean;
  createdAt: number;
  startedAt: number;
  endAt: number;
  tags: Record<string, string>;
  servers: JobServerSchedule[];
}

/** A message the simulated SNS accepted; read back with `GET /_sim/sns/messages`. */
export interface PublishedSnsMessage {
  messageId: string;
  topicArn: string;
  subject?: string;
  message: string;
  publishedAt: string;
}
