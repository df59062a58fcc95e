import { z } from "@hono/zod-openapi";
import type { App, AppDeps } from "../../app-deps";
import { AccountRegionQuery, UPSTREAM_ERROR_RESPONSES } from "../../http/account-region-params";
import { Envelope, sendOk } from "../../http/envelope";
import { secureRoute } from "../../http/secure-route";
import { drsServiceLimits } from "../../services/drs-quotas";

/** `GET /drs/service-limits`: one account-region's limits and use, in the legacy shape. */
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
  app.openapi(route, async (c) => sendOk(c, await drsServiceLimits(deps, c.req.valid("query")), 200));
}
