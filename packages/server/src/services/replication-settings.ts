import { fieldChanges, type ReplicationSettings, validateReplicationSettings } from "@drso/core";
import type { AppDeps } from "../app-deps";
import { auditEntry } from "../audit-entry";
import { requireAdapter } from "../optional-adapters";
import { resolveAccountRegion } from "./accounts";
import { launchInventory } from "./launch-settings";

const portOf = (deps: AppDeps) => requireAdapter(deps, "replicationSettings");

type Scope = { accountId?: string | undefined; region?: string | undefined };

export async function getReplicationSettings(deps: AppDeps, serverId: string, query: Scope) {
  const { accountId, region } = await resolveAccountRegion(deps, query);
  return portOf(deps).getReplicationSettings(accountId, region, serverId);
}

/**
 * A staging subnet or replication instance type is checked against EC2 before the change. The
 * change is audited with each changed field's old and new value.
 */
export async function updateReplicationSettings(
  deps: AppDeps,
  serverId: string,
  query: Scope,
  body: ReplicationSettings,
  actor: string,
) {
  const { accountId, region } = await resolveAccountRegion(deps, query);
  if (body.stagingAreaSubnetId !== undefined || body.replicationServerInstanceType !== undefined)
    validateReplicationSettings(body, await launchInventory(deps, accountId, region));
  const before = await portOf(deps).getReplicationSettings(accountId, region, serverId);
  const after = await portOf(deps).updateReplicationSettings(accountId, region, serverId, body);
  await deps.store.recordAudit(
    auditEntry(
      actor,
      "UpdateReplicationSettings",
      "source-server",
      serverId,
      {},
      { accountId, region, changes: fieldChanges(before, after) },
      deps.now(),
    ),
  );
  return after;
}
