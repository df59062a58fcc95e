import {
  type DrsJobObservation,
  type ExecutionObservation,
  type ExecutionState,
  LAUNCH_TAGS,
  type RecoveryInstanceObservation,
  type RecoveryLauncher,
} from "@drso/core";

/** How far back DescribeJobs looks for jobs that may still be active (DRS jobs end within hours). */
const ACTIVE_JOB_LOOKBACK_MS = 24 * 60 * 60_000;

interface TargetView {
  activeJobs: DrsJobObservation[];
  instances: RecoveryInstanceObservation[];
}

/**
 * What DRS runs in each account-region, read once per runner tick (DescribeJobs since a day ago +
 * DescribeRecoveryInstances) and only for account-regions where an execution wants to launch.
 * Launches made during the tick are added as they happen, so executions sharing an
 * account-region in one process see each other at once.
 */
export class DrsCapacity {
  private views = new Map<string, Promise<TargetView | undefined>>();
  /** DRS calls made (for the benchmark's calls-per-tick figure). */
  calls = 0;

  constructor(
    private readonly launcher: RecoveryLauncher,
    private readonly onError: (error: unknown, accountId: string, region: string) => void,
  ) {}

  /** Forget what was read: called at the start of every tick. */
  reset(): void {
    this.views.clear();
  }

  /** Records a job this runner just launched. */
  recordLaunch(
    accountId: string,
    region: string,
    executionId: string,
    jobId: string,
    serverIds: readonly string[],
  ) {
    const view = this.views.get(`${accountId}/${region}`);
    if (!view) return;
    this.views.set(
      `${accountId}/${region}`,
      view.then((v) =>
        v
          ? {
              ...v,
              activeJobs: [
                ...v.activeJobs,
                {
                  jobId,
                  status: "PENDING",
                  tags: { [LAUNCH_TAGS.executionId]: executionId },
                  servers: serverIds.map((serverId) => ({ serverId, launchStatus: "PENDING" as const })),
                },
              ],
            }
          : v,
      ),
    );
  }

  /**
   * `OutsideUsage` observations for the account-regions where the execution has batches waiting:
   * everything DRS runs there except this execution's own jobs and instances (the engine counts those).
   */
  async usageFor(s: ExecutionState, now: Date): Promise<ExecutionObservation[]> {
    const targets = new Map<string, { accountId: string; region: string }>();
    for (const b of Object.values(s.batches)) {
      if (b.status === "PLANNED")
        targets.set(`${b.accountId}/${b.region}`, { accountId: b.accountId, region: b.region });
    }
    const ownJobs = new Set(Object.values(s.batches).flatMap((b) => (b.jobId ? [b.jobId] : [])));
    const out: ExecutionObservation[] = [];
    for (const [key, { accountId, region }] of targets) {
      let view = this.views.get(key);
      if (!view) {
        view = this.read(accountId, region, now);
        this.views.set(key, view);
      }
      const v = await view;
      if (!v) continue;
      const others = v.activeJobs.filter((j) => j.tags[LAUNCH_TAGS.executionId] !== s.executionId);
      out.push({
        type: "OutsideUsage",
        accountId,
        region,
        activeJobs: others.length,
        serversInActiveJobs: others.reduce((n, j) => n + j.servers.length, 0),
        recoveryInstances: v.instances.filter((r) => !r.jobId || !ownJobs.has(r.jobId)).length,
      });
    }
    return out;
  }

  private async read(accountId: string, region: string, now: Date): Promise<TargetView | undefined> {
    try {
      this.calls += 2;
      const [jobs, instances] = await Promise.all([
        this.launcher.listJobsSince(accountId, region, new Date(now.getTime() - ACTIVE_JOB_LOOKBACK_MS)),
        this.launcher.describeRecoveryInstances(accountId, region),
      ]);
      return {
        // Terminate jobs count against the concurrent-jobs quota too.
        activeJobs: jobs.filter((j) => j.status !== "COMPLETED"),
        instances,
      };
    } catch (error) {
      this.onError(error, accountId, region);
      return undefined;
    }
  }
}
