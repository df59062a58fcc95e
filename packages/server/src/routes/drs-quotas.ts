import { AccountId, DrsQuotas, isDomainError, Region } from "@drso/core";
import { z } from "@hono/zod-openapi";
import type { App, AppDeps } from "../app-deps";
import { Envelope, sendOk } from "../http/envelope";
import { secureRoute } from "../http/secure-route";
import { reachableAccounts, UPSTREAM_ERROR_RESPONSES } from "./drs-account-scope";

/** DRS jobs end within hours; jobs created earlier than this are no longer active (as the runner assumes). */
const ACTIVE_JOB_LOOKBACK_MS = 24 * 3600_000;

const QuotaUsage = z
  .object({
    accountId: z.string(),
    region: z.string(),
    limits: DrsQuotas,
    usage: z
      .object({
        activeJobs: z.int(),
        serversInActiveJobs: z.int(),
        recoveryInstances: z.int(),
        replicatingServers: z.int(),
      })
      .optional(),
    headroom: z
      .object({ jobs: z.int(), serversInActiveJobs: z.int(), recoveryInstances: z.int() })
      .optional()
      .meta({ description: "How much more can be started now (limit − use, never negative)" }),
    error: z.string().optional().meta({ description: "Why usage could not be read (e.g. access denied)" }),
  })
  .openapi("DrsQuotaUsage");

const route = secureRoute("drs:ViewResources", {
  method: "get",
  path: "/api/drs/quotas",
  tags: ["drs"],
  summary: "DRS quota limits (settings) against current use, per account and region",
  request: {
    query: z.object({
      accountId: AccountId.optional().meta({
        description: "Only this account; default: every reachable account",
      }),
      region: Region.optional().meta({ description: "Only this region" }),
    }),
  },
  responses: {
    ...UPSTREAM_ERROR_RESPONSES,
    200: {
      description: "Limits and use per account/region",
      content: { "application/json": { schema: Envelope(z.object({ items: z.array(QuotaUsage) })) } },
    },
  },
});

export type QuotaUsage = z.infer<typeof QuotaUsage>;

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

export function registerDrsQuotas(app: App, deps: AppDeps): void {
  app.openapi(route, async (c) => {
    const query = c.req.valid("query");
    const [settings, accounts] = await Promise.all([deps.store.getSettings(), reachableAccounts(deps)]);
    const scopes = accounts
      .filter((a) => !query.accountId || a.accountId === query.accountId)
      .flatMap((a) =>
        a.regions.filter((r) => !query.region || r === query.region).map((region) => ({ a, region })),
      );
    const items = await Promise.all(
      scopes.map(({ a, region }) => usageOf(deps, a.accountId, region, settings.quotas)),
    );
    return sendOk(c, { items }, 200);
  });
}
