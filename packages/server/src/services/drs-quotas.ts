import { type DrsQuotas, isDomainError, UpstreamError } from "@drso/core";
import type { AppDeps } from "../app-deps";
import { reachableAccounts, resolveAccountRegion } from "./accounts";

/** DRS jobs end within hours; jobs created earlier than this are no longer active (as the runner assumes). */
const ACTIVE_JOB_LOOKBACK_MS = 24 * 3600_000;

/** Limits (settings) against current use in one account-region, or why the use could not be read. */
export interface QuotaUsage {
  accountId: string;
  region: string;
  limits: DrsQuotas;
  usage?: {
    activeJobs: number;
    serversInActiveJobs: number;
    recoveryInstances: number;
    replicatingServers: number;
  };
  headroom?: { jobs: number; serversInActiveJobs: number; recoveryInstances: number };
  error?: string;
}

export async function usageOf(
  deps: AppDeps,
  accountId: string,
  region: string,
  limits: DrsQuotas,
): Promise<QuotaUsage> {
  const launcher = deps.launcher;
  if (!launcher) return { accountId, region, limits, error: "DRS adapters are not configured" };
  try {
    const since = new Date(deps.now().getTime() - ACTIVE_JOB_LOOKBACK_MS);
    const [jobs, instances, servers] = await Promise.all([
      launcher.listJobsSince(accountId, region, since),
      launcher.describeRecoveryInstances(accountId, region),
      deps.catalog.listSourceServers(accountId, region),
    ]);
    const active = jobs.filter((j) => j.status !== "COMPLETED");
    const usage = {
      activeJobs: active.length,
      serversInActiveJobs: active.reduce((n, j) => n + j.servers.length, 0),
      recoveryInstances: instances.length,
      replicatingServers: servers.filter((s) => s.replicationState !== "STOPPED").length,
    };
    return {
      accountId,
      region,
      limits,
      usage,
      headroom: {
        jobs: Math.max(0, limits.maxConcurrentJobs - usage.activeJobs),
        serversInActiveJobs: Math.max(0, limits.maxServersInActiveJobs - usage.serversInActiveJobs),
        recoveryInstances: Math.max(0, limits.maxRecoveryInstances - usage.recoveryInstances),
      },
    };
  } catch (error) {
    // One unreachable account must not hide the others' figures.
    if (isDomainError(error)) return { accountId, region, limits, error: error.message };
    throw error;
  }
}

/** `GET /drs/quotas`: every reachable account-region, or the one asked for. */
export async function drsQuotas(
  deps: AppDeps,
  query: { accountId?: string | undefined; region?: string | undefined },
): Promise<{ items: QuotaUsage[] }> {
  const [settings, accounts] = await Promise.all([deps.store.getSettings(), reachableAccounts(deps)]);
  const scopes = accounts
    .filter((a) => !query.accountId || a.accountId === query.accountId)
    .flatMap((a) =>
      a.regions.filter((r) => !query.region || r === query.region).map((region) => ({ a, region })),
    );
  const items = await Promise.all(
    scopes.map(({ a, region }) => usageOf(deps, a.accountId, region, settings.quotas)),
  );
  return { items };
}

/**
 * `GET /drs/service-limits` in the legacy shape (`limits` / `currentUsage`, get_drs_service_limits)
 * for one account-region. The figures come from the same computation as `/drs/quotas`.
 */
export async function drsServiceLimits(
  deps: AppDeps,
  query: { accountId?: string | undefined; region?: string | undefined },
) {
  const { accountId, region } = await resolveAccountRegion(deps, query);
  const { quotas } = await deps.store.getSettings();
  const usage = await usageOf(deps, accountId, region, quotas);
  if (!usage.usage || !usage.headroom) {
    throw new UpstreamError(
      "DRS_USAGE_UNAVAILABLE",
      `DRS use in ${accountId}/${region} could not be read: ${usage.error ?? "unknown error"}`,
    );
  }
  const { activeJobs, serversInActiveJobs, recoveryInstances, replicatingServers } = usage.usage;
  return {
    accountId,
    region,
    limits: {
      maxServersPerJob: quotas.maxServersPerJob,
      maxConcurrentJobs: quotas.maxConcurrentJobs,
      maxServersInAllJobs: quotas.maxServersInActiveJobs,
      maxRecoveryInstances: quotas.maxRecoveryInstances,
      maxReplicatingServers: quotas.maxReplicatingServers,
    },
    currentUsage: {
      activeJobs,
      serversInJobs: serversInActiveJobs,
      recoveryInstances,
      replicatingServers,
    },
    headroom: {
      jobs: usage.headroom.jobs,
      serversInJobs: usage.headroom.serversInActiveJobs,
      recoveryInstances: usage.headroom.recoveryInstances,
    },
    withinLimits:
      activeJobs < quotas.maxConcurrentJobs &&
      serversInActiveJobs < quotas.maxServersInActiveJobs &&
      recoveryInstances < quotas.maxRecoveryInstances &&
      replicatingServers <= quotas.maxReplicatingServers,
  };
}
