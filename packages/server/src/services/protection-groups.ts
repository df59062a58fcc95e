import { randomUUID } from "node:crypto";
import {
  type Actor,
  BOOKKEEPING_FIELDS,
  fieldChanges,
  matchesTags,
  NotFoundError,
  type Page,
  type PageRequest,
  ProtectionGroup,
  type ProtectionGroupInput,
  type ProtectionGroupUpdate,
  type ResolveTagsRequest,
  type SourceServerCatalog,
  ValidationError,
} from "@drso/core";
import type { AppDeps } from "../app-deps";
import { auditEntry } from "../audit-entry";
import { validateGroupLaunchSettings } from "./launch-settings";
import { listAllProtectionGroups } from "./list-all";

export const listProtectionGroups = (deps: AppDeps, page: PageRequest): Promise<Page<ProtectionGroup>> =>
  deps.store.listProtectionGroups(page);

export async function getProtectionGroup(deps: AppDeps, id: string): Promise<ProtectionGroup> {
  const group = await deps.store.getProtectionGroup(id);
  if (!group) throw new NotFoundError("Protection group", id);
  return group;
}

/** Explicit servers must exist in DRS; launch-settings defaults must fit the account-region. */
export async function createProtectionGroup(
  deps: AppDeps,
  input: ProtectionGroupInput,
  actor: Actor,
): Promise<ProtectionGroup> {
  const now = deps.now().toISOString();
  const serverIds = input.serverIds ? [...new Set(input.serverIds)] : undefined;
  const serverCount = await countServers(deps.catalog, { ...input, serverIds });
  await validateGroupLaunchSettings(deps, input);
  const group = ProtectionGroup.parse({
    groupId: randomUUID(),
    ...input,
    ...(serverIds ? { serverIds } : {}),
    serverCount,
    version: 1,
    createdDate: now,
    lastModifiedDate: now,
    createdBy: actor.username,
    lastModifiedBy: actor.username,
  });
  await deps.store.createProtectionGroup(
    group,
    auditEntry(
      actor.username,
      "CreateProtectionGroup",
      "protection-group",
      group.groupId,
      { after: 1 },
      {
        groupName: group.groupName,
      },
    ),
  );
  return group;
}

/** Refused (409) while an active execution uses the group; otherwise checked as on create. */
export async function updateProtectionGroup(
  deps: AppDeps,
  id: string,
  { version, ...input }: ProtectionGroupUpdate,
  actor: Actor,
): Promise<ProtectionGroup> {
  const current = await deps.store.getProtectionGroup(id);
  if (!current) throw new NotFoundError("Protection group", id);
  await deps.executionGuard?.assertGroupNotInActiveExecution(id);
  const serverIds = input.serverIds ? [...new Set(input.serverIds)] : undefined;
  const serverCount = await countServers(deps.catalog, { ...input, serverIds });
  await validateGroupLaunchSettings(deps, input);
  const group = ProtectionGroup.parse({
    ...input,
    ...(serverIds ? { serverIds } : {}),
    groupId: id,
    serverCount,
    version: version + 1,
    createdDate: current.createdDate,
    createdBy: current.createdBy,
    lastModifiedDate: deps.now().toISOString(),
    lastModifiedBy: actor.username,
  });
  await deps.store.updateProtectionGroup(
    group,
    version,
    auditEntry(
      actor.username,
      "UpdateProtectionGroup",
      "protection-group",
      id,
      { before: version, after: version + 1 },
      { changes: fieldChanges(current, group, BOOKKEEPING_FIELDS) },
    ),
  );
  return group;
}

/** Refused (409) while an active execution uses the group; the store refuses while a plan references it. */
export async function deleteProtectionGroup(deps: AppDeps, id: string, actor: Actor): Promise<void> {
  const current = await deps.store.getProtectionGroup(id);
  if (!current) throw new NotFoundError("Protection group", id);
  await deps.executionGuard?.assertGroupNotInActiveExecution(id);
  await deps.store.deleteProtectionGroup(
    id,
    auditEntry(
      actor.username,
      "DeleteProtectionGroup",
      "protection-group",
      id,
      { before: current.version },
      {
        groupName: current.groupName,
      },
    ),
  );
}

/** The DRS source servers a tag selector matches, each with the explicit groups that already hold it. */
export async function resolveProtectionGroupTags(deps: AppDeps, request: ResolveTagsRequest) {
  const { accountId, region, tagCriteria } = request;
  const matches = (await deps.catalog.listSourceServers(accountId, region)).filter((s) =>
    matchesTags(s, tagCriteria),
  );
  const holders = new Map<string, { groupId: string; groupName: string }[]>();
  for (const g of await listAllProtectionGroups(deps.store)) {
    if (g.accountId !== accountId || g.region !== region) continue;
    for (const id of g.serverIds ?? []) {
      holders.set(id, [...(holders.get(id) ?? []), { groupId: g.groupId, groupName: g.groupName }]);
    }
  }
  const servers = matches.map((s) => ({
    serverId: s.serverId,
    hostname: s.hostname,
    replicationState: s.replicationState,
    tags: s.tags,
    alsoInGroups: holders.get(s.serverId) ?? [],
  }));
  return { accountId, region, serverCount: servers.length, servers };
}

/**
 * Explicit servers must exist in DRS in the group's account/region (400 naming the missing ids);
 * a tag group counts its current matches.
 */
async function countServers(
  catalog: SourceServerCatalog,
  group: { accountId: string; region: string; serverIds?: string[]; tagCriteria?: Record<string, string> },
): Promise<number> {
  if (group.serverIds) {
    const found = new Set(
      (await catalog.getSourceServers(group.accountId, group.region, group.serverIds)).map((s) => s.serverId),
    );
    const missing = group.serverIds.filter((id) => !found.has(id));
    if (missing.length > 0) {
      throw new ValidationError(
        `Source server${missing.length > 1 ? "s" : ""} not found in DRS (account ${group.accountId}, ${group.region}): ${missing.join(", ")}`,
        { missingServerIds: missing, accountId: group.accountId, region: group.region },
        "UNKNOWN_SOURCE_SERVER",
      );
    }
    return group.serverIds.length;
  }
  const criteria = group.tagCriteria ?? {};
  return (await catalog.listSourceServers(group.accountId, group.region)).filter((s) =>
    matchesTags(s, criteria),
  ).length;
}
