import { AccountId, DrsQuotas, Region } from "@drso/core";
import { z } from "@hono/zod-openapi";
import type { App, AppDeps } from "../../app-deps";
import { UPSTREAM_ERROR_RESPONSES } from "../../http/account-region-params";
import { Envelope, sendOk } from "../../http/envelope";
import { secureRoute } from "../../http/secure-route";
import { drsQuotas } from "../../services/drs-quotas";

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

export function registerDrsQuotas(app: App, deps: AppDeps): void {
  app.openapi(route, async (c) => sendOk(c, await drsQuotas(deps, c.req.valid("query")), 200));
}
