import {
  type ProtectionGroup,
  type RecoveryPlan,
  recoversFromLastSnapshot,
  type SourceServer,
} from "@drso/core";
import { listSourceServers, resolveTags } from "../../api/resources";

/** One server the plan would launch now, with what DRS says about its replication. */
export interface PlanServerRow {
  waveNumber: number;
  groupId: string;
  groupName: string;
  serverId: string;
  hostname?: string;
  /** Absent when DRS no longer knows the server. */
  replicationState?: string;
  replicationLag?: string;
  resolvedByTags: boolean;
  /** Replication is not live: the server launches from its newest recovery snapshot. */
  degraded: boolean;
}

export interface PlanServers {
  rows: PlanServerRow[];
  /** Wave groups that are not defined any more. */
  unknownGroups: { waveNumber: number; groupId: string }[];
}

/**
 * The servers a plan would launch now, per wave and group, with hostname, replication state and
 * lag (explicit groups read through the source-server list, tag groups resolved through the API).
 */
export async function serversOfPlan(plan: RecoveryPlan, groups: ProtectionGroup[]): Promise<PlanServers> {
  const byId = new Map(groups.map((g) => [g.groupId, g]));
  const listed = new Map<string, Promise<SourceServer[]>>();
  const listOnce = (accountId: string, region: string) => {
    const key = `${accountId}/${region}`;
    let p = listed.get(key);
    if (!p) {
      p = listSourceServers(accountId, region);
      listed.set(key, p);
    }
    return p;
  };
  const rows: PlanServerRow[] = [];
  const unknownGroups: PlanServers["unknownGroups"] = [];
  for (const w of [...plan.waves].sort((a, b) => a.waveNumber - b.waveNumber)) {
    for (const id of w.protectionGroupIds) {
      const g = byId.get(id);
      if (!g) {
        unknownGroups.push({ waveNumber: w.waveNumber, groupId: id });
        continue;
      }
      const base = { waveNumber: w.waveNumber, groupId: g.groupId, groupName: g.groupName };
      if (g.tagCriteria) {
        for (const s of await resolveTags(g.accountId, g.region, g.tagCriteria))
          rows.push({ ...base, ...known(s), resolvedByTags: true });
      } else {
        const all = new Map((await listOnce(g.accountId, g.region)).map((s) => [s.serverId, s]));
        for (const serverId of g.serverIds ?? []) {
          const s = all.get(serverId);
          rows.push(
            s
              ? { ...base, ...known(s), resolvedByTags: false }
              : { ...base, serverId, resolvedByTags: false, degraded: false },
          );
        }
      }
    }
  }
  return { rows, unknownGroups };
}

const known = (s: SourceServer) => ({
  serverId: s.serverId,
  hostname: s.hostname,
  replicationState: s.replicationState,
  ...(s.replicationLag ? { replicationLag: s.replicationLag } : {}),
  degraded: recoversFromLastSnapshot(s.replicationState),
});
