import { REPLICATION_STATES } from "@drso/core";
import { z } from "@hono/zod-openapi";
import type { App, AppDeps } from "../../app-deps";
import { AccountRegionQuery, UPSTREAM_ERROR_RESPONSES } from "../../http/account-region-params";
import { Envelope, sendOk } from "../../http/envelope";
import { secureRoute } from "../../http/secure-route";
import { listDiscoveredSourceServers } from "../../services/drs-source-servers";

const DiscoveredServer = z
  .object({
    serverId: z.string(),
    sourceServerID: z.string().meta({ description: "Same as serverId, under the DRS name" }),
    arn: z.string().optional(),
    hostname: z.string(),
    accountId: z.string(),
    region: z.string(),
    replicationState: z.string(),
    sourceInstanceId: z.string().optional(),
    tags: z.record(z.string(), z.string()),
    lastLaunchResult: z
      .string()
      .optional()
      .meta({ description: "DRS outcome of the last recovery launch; absent when never launched" }),
    lastLaunchDate: z
      .string()
      .optional()
      .meta({ description: "When the last recovery launch was requested" }),
    assignedToProtectionGroup: z
      .string()
      .nullable()
      .meta({ description: "groupId of the protection group that already holds the server, or null" }),
    protectionGroupName: z.string().nullable(),
  })
  .openapi("DiscoveredSourceServer");

const route = secureRoute("drs:ViewResources", {
  method: "get",
  path: "/api/drs/source-servers",
  tags: ["drs"],
  summary: "DRS source servers of an account/region, each with the protection group it belongs to",
  request: {
    query: AccountRegionQuery.extend({
      replicationState: z
        .enum(REPLICATION_STATES)
        .optional()
        .meta({ description: "Only servers in this replication state, e.g. STALLED" }),
    }),
  },
  responses: {
    ...UPSTREAM_ERROR_RESPONSES,
    200: {
      description: "Source servers",
      content: { "application/json": { schema: Envelope(z.object({ items: z.array(DiscoveredServer) })) } },
    },
  },
});

export function registerDrsSourceServers(app: App, deps: AppDeps): void {
  app.openapi(route, async (c) =>
    sendOk(c, await listDiscoveredSourceServers(deps, c.req.valid("query")), 200),
  );
}
