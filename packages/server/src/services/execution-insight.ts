import {
  type ExecutionReport,
  executionReport,
  matchesTags,
  NotFoundError,
  type RecoveryInstanceObservation,
} from "@drso/core";
import type { AppDeps } from "../app-deps";
import { requireAdapter } from "../optional-adapters";
import { listOncePerAccountRegion } from "../source-server-listings";
import { loadExecution, requireExecutions } from "./executions";

/** Times servers became healthy, from the event log (the report's RTO). */
async function recoveredAt(deps: AppDeps, id: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const { event } of await requireExecutions(deps).store.events(id)) {
    if (event.type === "ServerHealthChanged" && event.health === "HEALTHY") out.set(event.serverId, event.at);
  }
  return out;
}

/** Planned against actual durations, RTO and failures of one execution. */
export async function reportOf(deps: AppDeps, id: string): Promise<ExecutionReport> {
  const state = await loadExecution(requireExecutions(deps), id);
  return executionReport(state, await recoveredAt(deps, id));
}

/** The DRS job log of every job the execution launched, oldest event first. */
export async function executionJobLogs(deps: AppDeps, id: string) {
  const state = await loadExecution(requireExecutions(deps), id);
  const launcher = requireAdapter(deps, "launcher");
  const jobs = Object.values(state.batches).filter((b) => b.jobId);
  const out = [];
  for (const b of jobs) {
    const items = await launcher.getJobLogItems(b.accountId, b.region, b.jobId as string);
    items.sort((x, y) => x.eventDateTime.localeCompare(y.eventDateTime));
    out.push({
      jobId: b.jobId,
      batchId: b.batchId,
      waveNumber: b.waveNumber,
      accountId: b.accountId,
      region: b.region,
      items,
    });
  }
  return { executionId: id, jobs: out };
}

/** Where the termination of the execution's recovery instances stands, from DRS's own job status. */
export async function executionTerminationStatus(deps: AppDeps, id: string) {
  const state = await loadExecution(requireExecutions(deps), id);
  const launcher = requireAdapter(deps, "launcher");
  const targets = [];
  for (const t of state.termination.targets) {
    let jobStatus: string | undefined;
    if (t.jobId) jobStatus = (await launcher.describeJobs(t.accountId, t.region, [t.jobId]))[0]?.status;
    targets.push({ ...t, ...(jobStatus ? { jobStatus } : {}) });
  }
  const done = targets.length > 0 && targets.every((t) => t.jobStatus === "COMPLETED");
  return {
    executionId: id,
    requested: state.termination.requested,
    instancesTerminated: state.instancesTerminated,
    status: !state.termination.requested
      ? "NOT_REQUESTED"
      : done || targets.length === 0
        ? "COMPLETED"
        : "IN_PROGRESS",
    targets,
  };
}

/** Recovery instances that already exist for the plan's servers (a new drill would replace them). */
export async function existingRecoveryInstances(deps: AppDeps, planId: string) {
  const plan = await deps.store.getRecoveryPlan(planId);
  if (!plan) throw new NotFoundError("Recovery plan", planId);
  const launcher = requireAdapter(deps, "launcher");
  const instances: (RecoveryInstanceObservation & { accountId: string; region: string })[] = [];
  const listOnce = listOncePerAccountRegion(deps.catalog);
  for (const groupId of new Set(plan.waves.flatMap((w) => w.protectionGroupIds))) {
    const group = await deps.store.getProtectionGroup(groupId);
    if (!group) continue;
    const serverIds =
      group.serverIds ??
      (await listOnce(group.accountId, group.region))
        .filter((s) => matchesTags(s, group.tagCriteria ?? {}))
        .map((s) => s.serverId);
    if (serverIds.length === 0) continue;
    for (const r of await launcher.describeRecoveryInstances(group.accountId, group.region, {
      serverIds,
    })) {
      instances.push({ ...r, accountId: group.accountId, region: group.region });
    }
  }
  return { planId, hasExistingInstances: instances.length > 0, instances };
}
