import {
  DescribeJobLogItemsCommand,
  DescribeJobsCommand,
  type DescribeJobsRequestFilters,
  DescribeRecoveryInstancesCommand,
  type DescribeRecoveryInstancesRequestFilters,
  DescribeRecoverySnapshotsCommand,
  type Job,
  type JobLog,
  type RecoveryInstance,
  StartRecoveryCommand,
  TerminateRecoveryInstancesCommand,
} from "@aws-sdk/client-drs";
import {
  type DrsJobObservation,
  type DrsJobStatus,
  type DrsLaunchStatus,
  type JobLogItem,
  LAUNCH_TAGS,
  type RecoveryBatchRequest,
  type RecoveryInstanceObservation,
  type RecoveryLauncher,
  type RecoverySnapshotRecord,
} from "@drso/core";
import type { AwsClientPool } from "./aws-client-pool";
import { chunk } from "./chunk";
import { type AwsCall, callWithRetry, type RetryEnvironment, type RetryPolicy } from "./retry-policy";

/** DRS limits on list filters: DescribeJobs `jobIDs` ≤ 1000; recovery instance ids ≤ 200. */
export const MAX_JOB_IDS_PER_CALL = 1000;
export const MAX_RECOVERY_INSTANCE_IDS_PER_CALL = 200;
/** A 5xx StartRecovery may have created the job; look back this far (clock skew) for its tag. */
const RECOVERY_LOOKBACK_MS = 5 * 60_000;

const JOB_STATUSES: readonly string[] = ["PENDING", "STARTED", "COMPLETED"] satisfies DrsJobStatus[];
const LAUNCH_STATUSES: readonly string[] = [
  "PENDING",
  "IN_PROGRESS",
  "LAUNCHED",
  "FAILED",
  "TERMINATED",
] satisfies DrsLaunchStatus[];

export const toJobObservation = (job: Job): DrsJobObservation => ({
  jobId: job.jobID ?? "",
  status: (JOB_STATUSES.includes(job.status ?? "") ? job.status : "PENDING") as DrsJobStatus,
  type: job.type,
  tags: job.tags ?? {},
  creationDateTime: job.creationDateTime,
  endDateTime: job.endDateTime,
  servers: (job.participatingServers ?? []).map((s) => ({
    serverId: s.sourceServerID ?? "",
    launchStatus: (LAUNCH_STATUSES.includes(s.launchStatus ?? "")
      ? s.launchStatus
      : "PENDING") as DrsLaunchStatus,
    recoveryInstanceId: s.recoveryInstanceID,
  })),
});

const toJobLogItem = (jobId: string, log: JobLog): JobLogItem => {
  const data = log.eventData;
  const message =
    data?.rawError ?? (data?.targetInstanceID ? `EC2 instance ${data.targetInstanceID}` : undefined);
  return {
    jobId,
    event: log.event ?? "UNKNOWN",
    eventDateTime: log.logDateTime ?? "",
    serverId: data?.sourceServerID,
    message,
  };
};

const toRecoveryInstance = (r: RecoveryInstance): RecoveryInstanceObservation => ({
  recoveryInstanceId: r.recoveryInstanceID ?? "",
  serverId: r.sourceServerID ?? "",
  ec2InstanceId: r.ec2InstanceID,
  ec2State: r.ec2InstanceState,
  jobId: r.jobID,
  isDrill: r.isDrill,
});

/** `RecoveryLauncher` over DRS: StartRecovery, DescribeJobs, job logs, recovery instances. */
export class DrsRecoveryLauncher implements RecoveryLauncher {
  constructor(
    private readonly clients: AwsClientPool,
    private readonly retry: RetryPolicy,
    private readonly retryEnv: RetryEnvironment,
    private readonly pageSize: number,
    private readonly now: () => number = Date.now,
  ) {}

  async startRecovery(batch: RecoveryBatchRequest): Promise<{ jobId: string }> {
    const client = await this.clients.drs(batch.accountId, batch.region);
    const startedAt = this.now();
    const job = await this.call({
      service: "drs",
      operation: "StartRecovery",
      send: async () => {
        const response = await client.send(
          new StartRecoveryCommand({
            sourceServers: batch.servers.map((s) => ({
              sourceServerID: s.serverId,
              recoverySnapshotID: s.recoverySnapshotId,
            })),
            isDrill: batch.isDrill,
            tags: { [LAUNCH_TAGS.executionId]: batch.executionId, [LAUNCH_TAGS.batchId]: batch.batchId },
          }),
        );
        return response.job;
      },
      // StartRecovery is not idempotent: after a 5xx the job may exist, so find it before relaunching.
      recover: async () => this.findBatchJob(batch, new Date(startedAt - RECOVERY_LOOKBACK_MS)),
    });
    if (!job?.jobID) throw new Error("DRS StartRecovery returned no job");
    return { jobId: job.jobID };
  }

  async describeJobs(
    accountId: string,
    region: string,
    jobIds: readonly string[],
  ): Promise<DrsJobObservation[]> {
    const jobs: DrsJobObservation[] = [];
    for (const ids of chunk([...new Set(jobIds)], MAX_JOB_IDS_PER_CALL)) {
      jobs.push(...(await this.jobs(accountId, region, { jobIDs: ids })));
    }
    return jobs;
  }

  listJobsSince(accountId: string, region: string, since: Date): Promise<DrsJobObservation[]> {
    return this.jobs(accountId, region, { fromDate: since.toISOString() });
  }

  async getJobLogItems(accountId: string, region: string, jobId: string): Promise<JobLogItem[]> {
    const client = await this.clients.drs(accountId, region);
    const items: JobLogItem[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.call({
        service: "drs",
        operation: "DescribeJobLogItems",
        send: () =>
          client.send(new DescribeJobLogItemsCommand({ jobID: jobId, maxResults: this.pageSize, nextToken })),
      });
      for (const log of page.items ?? []) items.push(toJobLogItem(jobId, log));
      nextToken = page.nextToken || undefined;
    } while (nextToken);
    return items;
  }

  async describeRecoveryInstances(
    accountId: string,
    region: string,
    filter?: { serverIds?: readonly string[]; recoveryInstanceIds?: readonly string[] },
  ): Promise<RecoveryInstanceObservation[]> {
    const out: RecoveryInstanceObservation[] = [];
    if (filter?.recoveryInstanceIds) {
      for (const ids of chunk([...new Set(filter.recoveryInstanceIds)], MAX_RECOVERY_INSTANCE_IDS_PER_CALL)) {
        out.push(...(await this.recoveryInstances(accountId, region, { recoveryInstanceIDs: ids })));
      }
    } else if (filter?.serverIds) {
      for (const ids of chunk([...new Set(filter.serverIds)], MAX_RECOVERY_INSTANCE_IDS_PER_CALL)) {
        out.push(...(await this.recoveryInstances(accountId, region, { sourceServerIDs: ids })));
      }
    } else {
      out.push(...(await this.recoveryInstances(accountId, region, {})));
    }
    if (filter?.recoveryInstanceIds && filter.serverIds) {
      const servers = new Set(filter.serverIds);
      return out.filter((r) => servers.has(r.serverId));
    }
    return out;
  }

  /**
   * DRS TerminateRecoveryInstances takes ≤200 ids per call; larger sets become several jobs.
   * `jobId` is the first job, `jobIds` all of them.
   */
  async terminateRecoveryInstances(
    accountId: string,
    region: string,
    recoveryInstanceIds: readonly string[],
  ): Promise<{ jobId: string; jobIds: string[] }> {
    const client = await this.clients.drs(accountId, region);
    const jobIds: string[] = [];
    for (const ids of chunk([...new Set(recoveryInstanceIds)], MAX_RECOVERY_INSTANCE_IDS_PER_CALL)) {
      const response = await this.call({
        service: "drs",
        operation: "TerminateRecoveryInstances",
        send: () => client.send(new TerminateRecoveryInstancesCommand({ recoveryInstanceIDs: ids })),
      });
      if (response.job?.jobID) jobIds.push(response.job.jobID);
    }
    const [first] = jobIds;
    if (first === undefined) throw new Error("DRS TerminateRecoveryInstances returned no job");
    return { jobId: first, jobIds };
  }

  /** Point-in-time snapshots of one server up to `until` (all pages; DRS keeps a few dozen per server). */
  async listRecoverySnapshots(
    accountId: string,
    region: string,
    serverId: string,
    until: Date,
  ): Promise<RecoverySnapshotRecord[]> {
    const client = await this.clients.drs(accountId, region);
    const out: RecoverySnapshotRecord[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.call({
        service: "drs",
        operation: "DescribeRecoverySnapshots",
        send: () =>
          client.send(
            new DescribeRecoverySnapshotsCommand({
              sourceServerID: serverId,
              filters: { toDateTime: until.toISOString() },
              order: "DESC",
              maxResults: this.pageSize,
              nextToken,
            }),
          ),
      });
      for (const s of page.items ?? []) {
        // `timestamp` is when the data was captured; `expectedTimestamp` when it was scheduled.
        const takenAt = s.timestamp ?? s.expectedTimestamp;
        if (s.snapshotID && takenAt) out.push({ snapshotId: s.snapshotID, serverId, takenAt });
      }
      nextToken = page.nextToken || undefined;
    } while (nextToken);
    return out;
  }

  /** The job that StartRecovery created for `batch`, found by its `drso:batchId` tag. */
  private async findBatchJob(batch: RecoveryBatchRequest, since: Date): Promise<Job | undefined> {
    const jobs = await this.rawJobs(batch.accountId, batch.region, { fromDate: since.toISOString() });
    return jobs.find((j) => j.tags?.[LAUNCH_TAGS.batchId] === batch.batchId);
  }

  private async jobs(accountId: string, region: string, filters: DescribeJobsRequestFilters) {
    return (await this.rawJobs(accountId, region, filters)).map(toJobObservation);
  }

  private async rawJobs(
    accountId: string,
    region: string,
    filters: DescribeJobsRequestFilters,
  ): Promise<Job[]> {
    const client = await this.clients.drs(accountId, region);
    const jobs: Job[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.call({
        service: "drs",
        operation: "DescribeJobs",
        send: () => client.send(new DescribeJobsCommand({ filters, maxResults: this.pageSize, nextToken })),
      });
      jobs.push(...(page.items ?? []));
      nextToken = page.nextToken || undefined;
    } while (nextToken);
    return jobs;
  }

  private async recoveryInstances(
    accountId: string,
    region: string,
    filters: DescribeRecoveryInstancesRequestFilters,
  ): Promise<RecoveryInstanceObservation[]> {
    const client = await this.clients.drs(accountId, region);
    const out: RecoveryInstanceObservation[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.call({
        service: "drs",
        operation: "DescribeRecoveryInstances",
        send: () =>
          client.send(
            new DescribeRecoveryInstancesCommand({ filters, maxResults: this.pageSize, nextToken }),
          ),
      });
      for (const r of page.items ?? []) out.push(toRecoveryInstance(r));
      nextToken = page.nextToken || undefined;
    } while (nextToken);
    return out;
  }

  private call<T>(call: AwsCall<T>): Promise<T> {
    return callWithRetry(call, this.retry, this.retryEnv);
  }
}
