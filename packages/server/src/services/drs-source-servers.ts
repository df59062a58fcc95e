import { matchesTags, type ProtectionGroup, type SourceServer } from "@drso/core";
import type { AppDeps } from "../app-deps";
import { resolveAccountRegion } from "./accounts";
import { listAllProtectionGroups } from "./list-all";

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

/** The account-region's DRS source servers by hostname, each with the protection group holding it. */
export async function listDiscoveredSourceServers(
  deps: AppDeps,
  query: {
    accountId?: string | undefined;
    region?: string | undefined;
    replicationState?: string | undefined;
  },
) {
  const { accountId, region } = await resolveAccountRegion(deps, query);
  const [servers, groups] = await Promise.all([
    deps.catalog.listSourceServers(accountId, region),
    listAllProtectionGroups(deps.store),
  ]);
  const items = assignGroups(servers, groups)
    .filter((s) => !query.replicationState || s.replicationState === query.replicationState)
    .sort((a, b) => a.hostname.localeCompare(b.hostname));
  return { items };
}
