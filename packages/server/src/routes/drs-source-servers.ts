import { matchesTags, type ProtectionGroup, REPLICATION_STATES, type SourceServer } from "@drso/core";
import { z } from "@hono/zod-openapi";
import type { App, AppDeps } from "../app-deps";
import { Envelope, sendOk } from "../http/envelope";
import { secureRoute } from "../http/secure-route";
import { AccountRegionQuery, resolveAccountRegion, UPSTREAM_ERROR_RESPONSES } from "./drs-account-scope";
import { listAllProtectionGroups } from "./list-all";

const DiscoveredServer = z
  .object({
    serverId: z.string(),
    sourceServerID: z.string().meta({ description: "Same as serverId, under the DRS/seeds name" }),
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

/** The group holding each server: explicit membership first, then a matching tag group. */
export function assignGroups(servers: readonly SourceServer[], groups: readonly ProtectionGroup[]) {
  const scoped = groups.filter((g) =>
    servers.some((s) => s.accountId === g.accountId && s.region === g.region),
  );
  const explicit = new Map<string, ProtectionGroup>();
  for (const g of scoped) for (const id of g.serverIds ?? []) explicit.set(id, g);
  const tagGroups = scoped.filter((g) => g.tagCriteria && Object.keys(g.tagCriteria).length > 0);
  return servers.map((s) => {
    const group =
      explicit.get(s.serverId) ??
      tagGroups.find(
        (g) => g.accountId === s.accountId && g.region === s.region && matchesTags(s, g.tagCriteria ?? {}),
      );
    return {
      serverId: s.serverId,
      sourceServerID: s.serverId,
      arn: s.arn,
      hostname: s.hostname,
      accountId: s.accountId,
      region: s.region,
      replicationState: String(s.replicationState),
      sourceInstanceId: s.sourceInstanceId,
      tags: s.tags,
      ...(s.lastLaunchDate && { lastLaunchDate: s.lastLaunchDate }),
      ...(s.lastLaunchResult && { lastLaunchResult: s.lastLaunchResult }),
      assignedToProtectionGroup: group?.groupId ?? null,
      protectionGroupName: group?.groupName ?? null,
    };
  });
}

export function registerDrsSourceServers(app: App, deps: AppDeps): void {
  app.openapi(route, async (c) => {
    const query = c.req.valid("query");
    const { accountId, region } = await resolveAccountRegion(deps, query);
    const [servers, groups] = await Promise.all([
      deps.catalog.listSourceServers(accountId, region),
      listAllProtectionGroups(deps.store),
    ]);
    const items = assignGroups(servers, groups)
      .filter((s) => !query.replicationState || s.replicationState === query.replicationState)
      .sort((a, b) => a.hostname.localeCompare(b.hostname));
    return sendOk(c, { items }, 200);
  });
}
