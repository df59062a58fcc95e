import type { RecoverySnapshotRecord } from "./execution/recovery-point";

/**
 * Ports the execution engine's runner uses to act on DRS and EC2. `packages/aws` implements them
 * over AWS SDK v3 (the same code talks to the simulator and to AWS). Implementations retry
 * throttling/5xx themselves and throw `AwsServiceError` (core/errors.ts) for what remains.
 */

/**
 * DRS tags the orchestrator puts on every recovery job it starts: the crash reconciliation finds a
 * job by its launch intent (`drso:batchId`), and quota accounting tells its own jobs from others'.
 */
export const LAUNCH_TAGS = { executionId: "drso:executionId", batchId: "drso:batchId" } as const;

export type DrsJobStatus = "PENDING" | "STARTED" | "COMPLETED";
export type DrsLaunchStatus = "PENDING" | "IN_PROGRESS" | "LAUNCHED" | "FAILED" | "TERMINATED";

/** One StartRecovery call: at most `maxServersPerJob` servers of one account/region. */
export interface RecoveryBatchRequest {
  executionId: string;
  /** Idempotency handle: stored as a launch intent before the call and sent as DRS tag `drso:batchId`. */
  batchId: string;
  accountId: string;
  region: string;
  isDrill: boolean;
  servers: { serverId: string; recoverySnapshotId?: string }[];
}

export interface DrsJobObservation {
  jobId: string;
  status: DrsJobStatus;
  type?: string;
  /** DRS tags of the job, including `drso:executionId` and `drso:batchId` when we launched it. */
  tags: Record<string, string>;
  creationDateTime?: string;
  endDateTime?: string;
  servers: {
    serverId: string;
    launchStatus: DrsLaunchStatus;
    recoveryInstanceId?: string;
    /** Why DRS failed the server, from the job log (the runner reads it for newly failed servers). */
    failureReason?: string;
  }[];
}

export interface JobLogItem {
  jobId: string;
  event: string;
  eventDateTime: string;
  serverId?: string;
  message?: string;
}

/** Job log events in which DRS gives up on a server (its message is the reason). */
const FAILURE_EVENT = /_(FAIL|FAILED|FAILURE)$/;

/** Per server of a job, the reason DRS gave in the job log for failing it (the last such event). */
export function failureReasonsOf(items: readonly JobLogItem[]): Map<string, string> {
  const reasons = new Map<string, string>();
  const ordered = [...items].sort((a, b) => a.eventDateTime.localeCompare(b.eventDateTime));
  for (const item of ordered)
    if (item.serverId && item.message && FAILURE_EVENT.test(item.event))
      reasons.set(item.serverId, item.message);
  return reasons;
}

export interface RecoveryInstanceObservation {
  recoveryInstanceId: string;
  serverId: string;
  ec2InstanceId?: string;
  ec2State?: string;
  jobId?: string;
  isDrill?: boolean;
  instanceType?: string;
  subnetId?: string;
}

export interface InstanceHealthObservation {
  ec2InstanceId: string;
  /** EC2 instance state name: pending, running, stopping, stopped, shutting-down, terminated. */
  state: string;
  /** Instance and system status checks: ok, initializing, impaired, insufficient-data, not-applicable. */
  instanceStatus: string;
  systemStatus: string;
}

export interface RecoveryLauncher {
  /** DRS StartRecovery with tags `drso:executionId` / `drso:batchId`. */
  startRecovery(batch: RecoveryBatchRequest): Promise<{ jobId: string }>;
  /** DRS DescribeJobs filtered by job ids (the adapter splits into calls of ≤1000 ids). */
  describeJobs(accountId: string, region: string, jobIds: readonly string[]): Promise<DrsJobObservation[]>;
  /** DRS jobs created since `since` (DescribeJobs fromDate): crash reconciliation and quota use by others. */
  listJobsSince(accountId: string, region: string, since: Date): Promise<DrsJobObservation[]>;
  getJobLogItems(accountId: string, region: string, jobId: string): Promise<JobLogItem[]>;
  describeRecoveryInstances(
    accountId: string,
    region: string,
    filter?: { serverIds?: readonly string[]; recoveryInstanceIds?: readonly string[] },
  ): Promise<RecoveryInstanceObservation[]>;
  /** DRS TerminateRecoveryInstances; returns the termination job id. */
  terminateRecoveryInstances(
    accountId: string,
    region: string,
    recoveryInstanceIds: readonly string[],
  ): Promise<{ jobId: string }>;
  /**
   * DRS DescribeRecoverySnapshots of one server taken up to `until`. Optional: a launcher without it
   * cannot recover to a point in time, and such executions are refused at start.
   */
  listRecoverySnapshots?(
    accountId: string,
    region: string,
    serverId: string,
    until: Date,
  ): Promise<RecoverySnapshotRecord[]>;
}

export interface InstanceHealthProbe {
  /** EC2 DescribeInstanceStatus (IncludeAllInstances) batched; unknown ids are absent from the result. */
  describeInstanceHealth(
    accountId: string,
    region: string,
    ec2InstanceIds: readonly string[],
  ): Promise<InstanceHealthObservation[]>;
}

/** Cross-account access: proves the orchestrator can assume a target account's role. */
export interface AccountAccessValidator {
  validate(account: { accountId: string; roleArn: string; externalId?: string; region: string }): Promise<{
    ok: boolean;
    message: string;
    assumedRoleArn?: string;
  }>;
}
