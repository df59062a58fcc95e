import {
  GroupInUseError,
  NotFoundError,
  nameKey,
  type Page,
  type PageRequest,
  type ProtectionGroup,
  ServerInOtherGroupError,
} from "@drso/core";
import type { SqliteConfigTables } from "./sqlite-config-tables";

/**
 * Protection groups on SQLite: the `protection_groups` rows and the `group_servers` rows that
 * keep a source server in at most one group. Callers run these inside their transaction.
 */
export class SqliteProtectionGroups {
  constructor(private readonly tables: SqliteConfigTables) {}

  list(page: PageRequest): Page<ProtectionGroup> {
    return this.tables.page<ProtectionGroup>("protection_groups", page);
  }

  get(groupId: string): ProtectionGroup | undefined {
    return this.tables.getDoc<ProtectionGroup>(
      "SELECT doc FROM protection_groups WHERE group_id = ?",
      groupId,
    );
  }

  version(groupId: string): number | undefined {
    return this.tables.currentVersion("protection_groups", "group_id", groupId);
  }

  exists(groupId: string): boolean {
    return this.tables.exists("protection_groups", "group_id", groupId);
  }

  checkVersion(groupId: string, expected: number): void {
    this.tables.checkVersion("protection_groups", "group_id", "Protection group", groupId, expected);
  }

  insert(group: ProtectionGroup): void {
    this.checkUniqueName(group);
    this.claimServers(group);
    this.tables
      .stmt("INSERT INTO protection_groups (group_id, name_key, version, doc) VALUES (?, ?, ?, ?)")
      .run(group.groupId, nameKey(group.groupName), group.version, JSON.stringify(group));
  }

  replace(group: ProtectionGroup): void {
    this.checkUniqueName(group);
    this.releaseServers(group.groupId);
    this.claimServers(group);
    this.tables
      .stmt("UPDATE protection_groups SET name_key = ?, version = ?, doc = ? WHERE group_id = ?")
      .run(nameKey(group.groupName), group.version, JSON.stringify(group), group.groupId);
  }

  /** Refused while a recovery plan references the group (naming the plans). */
  delete(groupId: string): void {
    if (!this.exists(groupId)) throw new NotFoundError("Protection group", groupId);
    const plans = this.tables
      .stmt(
        `SELECT p.plan_id AS planId, json_extract(p.doc, '$.planName') AS planName
             FROM plan_groups g JOIN recovery_plans p ON p.plan_id = g.plan_id
            WHERE g.group_id = ? ORDER BY p.seq`,
      )
      .all(groupId) as { planId: string; planName: string }[];
    if (plans.length > 0) throw new GroupInUseError(groupId, plans);
    this.releaseServers(groupId);
    this.tables.stmt("DELETE FROM protection_groups WHERE group_id = ?").run(groupId);
  }

  releaseServers(groupId: string): void {
    this.tables.stmt("DELETE FROM group_servers WHERE group_id = ?").run(groupId);
  }

  private checkUniqueName(group: ProtectionGroup): void {
    this.tables.checkUniqueName(
      "protection_groups",
      "group_id",
      group.groupId,
      group.groupName,
      "protection group",
    );
  }

  /** A source server belongs to at most one group: refuse naming the groups that hold them. */
  private claimServers(group: ProtectionGroup): void {
    const ids = group.serverIds ?? [];
    if (ids.length === 0) return;
    const holder = this.tables.stmt(
      `SELECT s.server_id AS serverId, s.group_id AS groupId, json_extract(g.doc, '$.groupName') AS groupName
         FROM group_servers s JOIN protection_groups g ON g.group_id = s.group_id
        WHERE s.account_id = ? AND s.region = ? AND s.server_id = ? AND s.group_id <> ?`,
    );
    const conflicts = ids.flatMap(
      (id) =>
        (holder.get(group.accountId, group.region, id, group.groupId) as
          | { serverId: string; groupId: string; groupName: string }
          | undefined) ?? [],
    );
    if (conflicts.length > 0) throw new ServerInOtherGroupError(conflicts);
    const insert = this.tables.stmt(
      "INSERT INTO group_servers (account_id, region, server_id, group_id) VALUES (?, ?, ?, ?)",
    );
    for (const id of new Set(ids)) insert.run(group.accountId, group.region, id, group.groupId);
  }
}
