import {
  type LaunchSettingsApplied,
  type LaunchSettingsPort,
  launchSettingsChanges,
  type ProtectionGroup,
  type SourceServer,
} from "@drso/core";

/**
 * Applies each protection group's `launchSettings` defaults to its servers, so DRS launches them
 * as the group says. Writes only where something differs and returns exactly what changed (the
 * execution records it). Runs after the start checks, before any StartRecovery.
 */
export async function applyGroupLaunchSettings(
  port: LaunchSettingsPort,
  groups: readonly ProtectionGroup[],
  groupServers: ReadonlyMap<string, readonly SourceServer[]>,
): Promise<LaunchSettingsApplied[]> {
  const applied: LaunchSettingsApplied[] = [];
  for (const group of groups) {
    const wanted = group.launchSettings;
    if (!wanted) continue;
    for (const server of groupServers.get(group.groupId) ?? []) {
      const current = await port.getLaunchSettings(server.accountId, server.region, server.serverId);
      const changes = launchSettingsChanges(current, wanted);
      if (changes.length === 0) continue;
      await port.updateLaunchSettings(server.accountId, server.region, server.serverId, wanted);
      applied.push({
        groupId: group.groupId,
        serverId: server.serverId,
        accountId: server.accountId,
        region: server.region,
        changes,
      });
    }
  }
  return applied;
}
