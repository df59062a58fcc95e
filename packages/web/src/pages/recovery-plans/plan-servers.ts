import type { ProtectionGroup, RecoveryPlan } from "@drso/core";
import { resolveTags } from "../../api/resources";

export interface PlanServerLine {
  waveNumber: number;
  groupName: string;
  serverIds: string[];
  hostnames: string[];
  resolvedByTags: boolean;
}

/** The servers a plan would launch now, per wave and group (tag groups resolved through the API). */
export async function serversOfPlan(
  plan: RecoveryPlan,
  groups: ProtectionGroup[],
): Promise<PlanServerLine[]> {
  const byId = new Map(groups.map((g) => [g.groupId, g]));
  const lines: PlanServerLine[] = [];
  for (const w of [...plan.waves].sort((a, b) => a.waveNumber - b.waveNumber)) {
    for (const id of w.protectionGroupIds) {
      const g = byId.get(id);
      if (!g) {
        lines.push({
          waveNumber: w.waveNumber,
          groupName: `unknown group ${id}`,
          serverIds: [],
          hostnames: [],
          resolvedByTags: false,
        });
        continue;
      }
      if (g.tagCriteria) {
        const servers = await resolveTags(g.accountId, g.region, g.tagCriteria);
        lines.push({
          waveNumber: w.waveNumber,
          groupName: g.groupName,
          serverIds: servers.map((s) => s.serverId),
          hostnames: servers.map((s) => s.hostname),
          resolvedByTags: true,
        });
      } else {
        lines.push({
          waveNumber: w.waveNumber,
          groupName: g.groupName,
          serverIds: g.serverIds ?? [],
          hostnames: [],
          resolvedByTags: false,
        });
      }
    }
  }
  return lines;
}
