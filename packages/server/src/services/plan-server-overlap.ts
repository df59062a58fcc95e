import {
  type ConfigStore,
  matchesTags,
  ServerInTwoWavesError,
  type SourceServer,
  type SourceServerCatalog,
  serversInTwoGroups,
  type Wave,
} from "@drso/core";
import { listOncePerAccountRegion } from "../source-server-listings";

/**
 * Plan save check: no source server may be in two protection groups of the plan (a tag group and an
 * explicit one, say), or it would be recovered in the first wave only and the later one would run
 * empty. Tag groups are resolved now; when DRS cannot be reached the check is left to the start,
 * which repeats it, so an outage does not block editing plans.
 */
export async function assertNoServerInTwoWaves(
  store: ConfigStore,
  catalog: SourceServerCatalog,
  waves: readonly Wave[],
): Promise<void> {
  const listOnce = listOncePerAccountRegion(catalog);
  const groupServers = new Map<string, SourceServer[]>();
  const names = new Map<string, string>();
  try {
    for (const id of new Set(waves.flatMap((w) => w.protectionGroupIds))) {
      const group = await store.getProtectionGroup(id);
      if (!group) continue;
      names.set(id, group.groupName);
      if (group.serverIds) {
        const known = new Map(
          (await listOnce(group.accountId, group.region)).map((s) => [s.serverId, s] as const),
        );
        groupServers.set(
          id,
          group.serverIds.map(
            (serverId) =>
              known.get(serverId) ?? {
                serverId,
                hostname: serverId,
                accountId: group.accountId,
                region: group.region,
                replicationState: "UNKNOWN",
                tags: {},
              },
          ),
        );
      } else {
        const all = await listOnce(group.accountId, group.region);
        groupServers.set(
          id,
          all.filter((s) => matchesTags(s, group.tagCriteria ?? {})),
        );
      }
    }
  } catch {
    return;
  }
  const twice = serversInTwoGroups({ waves: [...waves] }, groupServers, names);
  if (twice.length > 0) throw new ServerInTwoWavesError(twice);
}
