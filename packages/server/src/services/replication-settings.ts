import {
  type ReplicationSettings,
  type ReplicationSettingsPort,
  validateReplicationSettings,
} from "@drso/core";
import { type AppDeps, requireExtension } from "../app-deps";
import { resolveAccountRegion } from "./accounts";
import { launchInventory } from "./launch-settings";

/** `AppDeps.extensions` key under which the wiring puts `createAwsAdapters(...).replicationSettings`. */
export const REPLICATION_SETTINGS_EXTENSION = "replicationSettings";

const portOf = (deps: AppDeps) =>
  requireExtension<ReplicationSettingsPort>(deps, REPLICATION_SETTINGS_EXTENSION, "getReplicationSettings", {
    code: "REPLICATION_SETTINGS_UNAVAILABLE",
    message: "Replication settings adapters are not configured",
  });

type Scope = { accountId?: string | undefined; region?: string | undefined };

export async function getReplicationSettings(deps: AppDeps, serverId: string, query: Scope) {
  const { accountId, region } = await resolveAccountRegion(deps, query);
  return portOf(deps).getReplicationSettings(accountId, region, serverId);
}

/** A staging subnet or replication instance type is checked against EC2 before the change. */
export async function updateReplicationSettings(
  deps: AppDeps,
  serverId: string,
  query: Scope,
  body: ReplicationSettings,
) {
  const { accountId, region } = await resolveAccountRegion(deps, query);
  if (body.stagingAreaSubnetId !== undefined || body.replicationServerInstanceType !== undefined)
    validateReplicationSettings(body, await launchInventory(deps, accountId, region));
  return portOf(deps).updateReplicationSettings(accountId, region, serverId, body);
}
