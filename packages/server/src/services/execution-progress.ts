import { type BatchState, type DrsJobObservation, isDomainError } from "@drso/core";
import type { AppDeps } from "../app-deps";
import { executionStatusView, executionWavesView } from "./execution-progress-view";
import { loadExecution, requireExecutions } from "./executions";

const scopeKey = (b: { accountId: string; region: string }) => `${b.accountId}/${b.region}`;

/** The compact live status of an execution (`executionStatusView`). */
export async function executionStatus(deps: AppDeps, id: string) {
  const state = await loadExecution(requireExecutions(deps), id);
  return executionStatusView(state, deps.now());
}

/** One row per wave of an execution (`executionWavesView`). */
export async function executionWaves(deps: AppDeps, id: string) {
  const state = await loadExecution(requireExecutions(deps), id);
  return executionWavesView(state, deps.now());
}

/**
 * Live DRS view of the jobs: one DescribeJobs per account-region (never one per job). An account
 * that cannot be read keeps its jobs listed with the error instead of failing the whole answer.
 */
async function describeLive(
  deps: AppDeps,
  batches: readonly BatchState[],
): Promise<{ jobs: Map<string, DrsJobObservation>; errors: Map<string, string> }> {
  const jobs = new Map<string, DrsJobObservation>();
  const errors = new Map<string, string>();
  const launcher = deps.launcher;
  const byScope = new Map<string, BatchState[]>();
  for (const b of batches) byScope.set(scopeKey(b), [...(byScope.get(scopeKey(b)) ?? []), b]);
  for (const [key, group] of byScope) {
    const first = group[0];
    if (!first) continue;
    if (!launcher) {
      errors.set(key, "DRS adapters are not configured on this server");
      continue;
    }
    try {
      const ids = group.map((b) => b.jobId).filter((id): id is string => id !== undefined);
      for (const job of await launcher.describeJobs(first.accountId, first.region, ids))
        jobs.set(job.jobId, job);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      errors.set(key, error.message);
    }
  }
  return { jobs, errors };
}

/** The execution's DRS jobs: the batch the orchestrator recorded next to DRS's live answer. */
export async function executionJobs(deps: AppDeps, id: string) {
  const state = await loadExecution(requireExecutions(deps), id);
  const launched = Object.values(state.batches)
    .filter((b) => b.jobId !== undefined)
    .sort((a, b) => a.waveNumber - b.waveNumber || a.batchId.localeCompare(b.batchId));
  const live = await describeLive(deps, launched);
  const items = launched.map((b) => {
    const job = live.jobs.get(b.jobId as string);
    const error = live.errors.get(scopeKey(b));
    const drsServers = new Map(job?.servers.map((s) => [s.serverId, s]) ?? []);
    return {
      jobId: b.jobId as string,
      batchId: b.batchId,
      waveNumber: b.waveNumber,
      attempt: b.attempt,
      accountId: b.accountId,
      region: b.region,
      batchStatus: b.status,
      // DRS's own answer wins over what the runner last recorded.
      status: job?.status ?? b.jobStatus ?? "UNKNOWN",
      ...(job?.type ? { type: job.type } : {}),
      ...(job?.creationDateTime ? { creationDateTime: job.creationDateTime } : {}),
      ...(job?.endDateTime ? { endDateTime: job.endDateTime } : {}),
      ...(b.launchedAt ? { launchedAt: b.launchedAt } : {}),
      ...(b.endedAt ? { endedAt: b.endedAt } : {}),
      ...(b.error ? { batchError: b.error } : {}),
      ...(error ? { drsError: error } : {}),
      serverCount: b.serverIds.length,
      servers: b.serverIds.map((serverId) => {
        const recorded = state.servers[serverId];
        const drs = drsServers.get(serverId);
        return {
          serverId,
          ...(recorded ? { hostname: recorded.hostname } : {}),
          launchStatus: drs?.launchStatus ?? recorded?.launchStatus ?? "NOT_STARTED",
          ...((drs?.recoveryInstanceId ?? recorded?.recoveryInstanceId)
            ? { recoveryInstanceId: drs?.recoveryInstanceId ?? recorded?.recoveryInstanceId }
            : {}),
          ...(recorded?.ec2InstanceId ? { ec2InstanceId: recorded.ec2InstanceId } : {}),
        };
      }),
    };
  });
  const waiting = Object.values(state.batches).filter((b) => b.jobId === undefined);
  return {
    executionId: id,
    jobIds: items.map((j) => j.jobId),
    jobs: items,
    // Batches without a DRS job yet (waiting for their wave or quota) or refused by DRS.
    unlaunchedBatches: waiting.map((b) => ({
      batchId: b.batchId,
      waveNumber: b.waveNumber,
      status: b.status,
      serverCount: b.serverIds.length,
      ...(b.error ? { error: b.error } : {}),
    })),
  };
}
