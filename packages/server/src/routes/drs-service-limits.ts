import { UpstreamError } from "@drso/core";
import { z } from "@hono/zod-openapi";
import type { App, AppDeps } from "../app-deps";
import { Envelope, sendOk } from "../http/envelope";
import { secureRoute } from "../http/secure-route";
import { AccountRegionQuery, resolveAccountRegion, UPSTREAM_ERROR_RESPONSES } from "./drs-account-scope";
import { usageOf } from "./drs-quotas";

/**
 * `GET /drs/service-limits` in the seeds' shape (`limits` / `currentUsage`, get_drs_service_limits)
 * for one account-region. The figures come from the same computation as `/drs/quotas`.
 */
const ServiceLimits = z
  .object({
    accountId: z.string(),
    region: z.string(),
    limits: z.object({
      maxServersPerJob: z.int(),
      maxConcurrentJobs: z.int(),
      maxServersInAllJobs: z.int(),
      maxRecoveryInstances: z.int(),
      maxReplicatingServers: z.int(),
    }),
    currentUsage: z.object({
      activeJobs: z.int(),
      serversInJobs: z.int(),
      recoveryInstances: z.int(),
      replicatingServers: z.int(),
    }),
    headroom: z.object({ jobs: z.int(), serversInJobs: z.int(), recoveryInstances: z.int() }),
    withinLimits: z.boolean().meta({ description: "False when any current use has reached its limit" }),
  })
  .openapi("DrsServiceLimits");

const route = secureRoute("drs:ViewResources", {
  method: "get",
  path: "/api/drs/service-limits",
  tags: ["drs"],
  summary: "DRS service limits (as configured) and current use in one account and region",
  request: { query: AccountRegionQuery },
  responses: {
    ...UPSTREAM_ERROR_RESPONSES,
    200: {
      description: "Limits and current use",
      content: { "application/json": { schema: Envelope(ServiceLimits) } },
    },
  },
});

export function registerDrsServiceLimits(app: App, deps: AppDeps): void {
  app.openapi(route, async (c) => {
    const { accountId, region } = await resolveAccountRegion(deps, c.req.valid("query"));
    const { quotas } = await deps.store.getSettings();
    const usage = await usageOf(deps, accountId, region, quotas);
    if (!usage.usage || !usage.headroom) {
      throw new UpstreamError(
        "DRS_USAGE_UNAVAILABLE",
        `DRS use in ${accountId}/${region} could not be read: ${usage.error ?? "unknown error"}`,
      );
    }
    const { activeJobs, serversInActiveJobs, recoveryInstances, replicatingServers } = usage.usage;
    return sendOk(
      c,
      {
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
      },
      200,
    );
  });
}
