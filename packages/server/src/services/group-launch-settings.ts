import {
  type LaunchInventory,
  type LaunchSettingsApplied,
  type LaunchSettingsPort,
  launchSettingsChanges,
  type ProtectionGroup,
  type ServerLaunchSettings,
  type SourceServer,
  ValidationError,
  validateLaunchSettings,
  withResultingNetwork,
} from "@drso/core";

/** The region's subnets, security groups and instance types (from EC2), to check settings against. */
export type LaunchInventoryLookup = (accountId: string, region: string) => Promise<LaunchInventory>;

/**
 * Applies each protection group's `launchSettings` defaults to its servers, so DRS launches them
 * as the group says. Writes only where something differs and returns exactly what changed (the
 * execution records it). Runs after the start checks, before any StartRecovery.
 *
 * All or nothing: every server's current settings are read and, with `inventory`, the template
 * each would end up with is checked first (a group's security groups must be in the VPC of each
 * server's own subnet, say), so a default that does not fit one server refuses the start before
 * any server was changed.
 */
export async function applyGroupLaunchSettings(
  port: LaunchSettingsPort,
  groups: readonly ProtectionGroup[],
  groupServers: ReadonlyMap<string, readonly SourceServer[]>,
  inventory?: LaunchInventoryLookup,
): Promise<LaunchSettingsApplied[]> {
  const planned: { group: ProtectionGroup; server: SourceServer; current: ServerLaunchSettings }[] = [];
  for (const group of groups) {
    if (!group.launchSettings) continue;
    for (const server of groupServers.get(group.groupId) ?? []) {
      const current = await port.getLaunchSettings(server.accountId, server.region, server.serverId);
      planned.push({ group, server, current });
    }
  }
  if (inventory) await checkResultingTemplates(planned, inventory);

  const applied: LaunchSettingsApplied[] = [];
  for (const { group, server, current } of planned) {
    const wanted = group.launchSettings;
    if (!wanted) continue;
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
  return applied;
}

async function checkResultingTemplates(
  planned: readonly { group: ProtectionGroup; server: SourceServer; current: ServerLaunchSettings }[],
  inventory: LaunchInventoryLookup,
): Promise<void> {
  const inventories = new Map<string, Promise<LaunchInventory>>();
  const misfits: { groupId: string; groupName: string; serverId: string; field?: unknown; reason: string }[] =
    [];
  for (const { group, server, current } of planned) {
    const wanted = group.launchSettings?.launchTemplate;
    if (!wanted) continue;
    const key = `${server.accountId}/${server.region}`;
    if (!inventories.has(key)) inventories.set(key, inventory(server.accountId, server.region));
    const resulting = await withResultingNetwork(
      { launchTemplate: wanted },
      async () => current.launchTemplate,
    );
    try {
      validateLaunchSettings(resulting, await (inventories.get(key) as Promise<LaunchInventory>));
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      misfits.push({
        groupId: group.groupId,
        groupName: group.groupName,
        serverId: server.serverId,
        field: (e.details as { field?: unknown } | undefined)?.field,
        reason: e.message,
      });
    }
  }
  if (misfits.length > 0) {
    throw new ValidationError(
      `Cannot start: the launch settings of ${[...new Set(misfits.map((m) => `'${m.groupName}'`))].join(", ")} do not fit ${misfits.length} server(s): ${misfits
        .slice(0, 5)
        .map((m) => `${m.serverId}: ${m.reason}`)
        .join("; ")}`,
      { servers: misfits },
      "INVALID_LAUNCH_SETTINGS",
    );
  }
}
