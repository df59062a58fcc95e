import {
  type LaunchInventory,
  type LaunchSettings,
  launchSettingsChanges,
  validateLaunchSettings,
  withResultingNetwork,
} from "@drso/core";
import type { AppDeps } from "../app-deps";
import { auditEntry } from "../audit-entry";
import { requireAdapter } from "../optional-adapters";
import { resolveAccountRegion } from "./accounts";
import { inventoryOf } from "./ec2-resources";

const launchSettingsOf = (deps: AppDeps) => requireAdapter(deps, "launchSettings");

type Scope = { accountId?: string | undefined; region?: string | undefined };

/** The region's subnets, security groups and instance types: what launch settings are checked against. */
export async function launchInventory(
  deps: AppDeps,
  accountId: string,
  region: string,
): Promise<LaunchInventory> {
  const ec2 = inventoryOf(deps);
  const [subnets, securityGroups, types] = await Promise.all([
    ec2.listSubnets(accountId, region),
    ec2.listSecurityGroups(accountId, region),
    ec2.listInstanceTypes(accountId, region),
  ]);
  return { subnets, securityGroups, instanceTypes: types.map((t) => t.instanceType) };
}

export async function getLaunchSettings(deps: AppDeps, serverId: string, query: Scope) {
  const { accountId, region } = await resolveAccountRegion(deps, query);
  return launchSettingsOf(deps).getLaunchSettings(accountId, region, serverId);
}

/**
 * Validated against EC2 before any write, so an invalid field leaves DRS and EC2 untouched. The
 * change is audited with each changed field's old and new value.
 */
export async function updateLaunchSettings(
  deps: AppDeps,
  serverId: string,
  query: Scope,
  body: LaunchSettings,
  actor: string,
) {
  const { accountId, region } = await resolveAccountRegion(deps, query);
  const before = await launchSettingsOf(deps).getLaunchSettings(accountId, region, serverId);
  // Security groups are checked against the subnet the template will have (sent, else current).
  const resulting = await withResultingNetwork(body, async () => before.launchTemplate);
  validateLaunchSettings(resulting, await launchInventory(deps, accountId, region));
  const after = await launchSettingsOf(deps).updateLaunchSettings(accountId, region, serverId, body);
  await deps.store.recordAudit(
    auditEntry(
      actor,
      "UpdateLaunchSettings",
      "source-server",
      serverId,
      {},
      { accountId, region, changes: launchSettingsChanges(before, body) },
      deps.now(),
    ),
  );
  deps.logger.info({ sourceServerId: serverId, accountId, region, actor }, "launch settings updated");
  return after;
}

/** The launch settings of the given servers, default: the account-region's first 100. */
export async function listLaunchTemplates(
  deps: AppDeps,
  query: Scope & { sourceServerIds?: string | undefined },
) {
  const { accountId, region } = await resolveAccountRegion(deps, query);
  const ids =
    query.sourceServerIds?.split(",") ??
    (await deps.catalog.listSourceServers(accountId, region)).slice(0, 100).map((s) => s.serverId);
  const port = launchSettingsOf(deps);
  const items = [];
  for (const id of ids) items.push(await port.getLaunchSettings(accountId, region, id));
  return { items };
}

/**
 * A group's launch-settings defaults are checked against its account-region when the group is
 * written, so a bad subnet fails the edit (400 naming the field) rather than a drill. Skipped
 * when this server has no EC2 adapters (nothing to check against).
 */
export async function validateGroupLaunchSettings(
  deps: AppDeps,
  group: { accountId: string; region: string; launchSettings?: LaunchSettings | undefined },
): Promise<void> {
  if (!group.launchSettings?.launchTemplate || !deps.ec2) return;
  validateLaunchSettings(group.launchSettings, await launchInventory(deps, group.accountId, group.region));
}
