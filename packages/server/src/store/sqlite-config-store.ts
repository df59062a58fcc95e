import {
  type AuditEntry,
  type ConfigBundle,
  type ConfigStore,
  DuplicateAccountError,
  DuplicateNameError,
  defaultSettingsValues,
  GroupInUseError,
  NotFoundError,
  nameKey,
  type Page,
  type PageRequest,
  type ProtectionGroup,
  type RecoveryPlan,
  ServerInOtherGroupError,
  type Settings,
  StaleVersionError,
  type TargetAccount,
  UnknownProtectionGroupError,
} from "@drso/core";
import type { Database, Statement } from "better-sqlite3";
import { decodePageToken } from "./page-token";
import { type DocRow, SqliteStatementCache, toPage } from "./sqlite-statement-cache";

/**
 * ConfigStore on SQLite. better-sqlite3 is synchronous, so each write runs its checks and its
 * writes (including the audit entry) inside one `db.transaction`, which no other request can
 * interleave with; the UNIQUE indexes are a second line of defence.
 */
export class SqliteConfigStore implements ConfigStore {
  private readonly statements: SqliteStatementCache;

  constructor(private readonly db: Database) {
    this.statements = new SqliteStatementCache(db);
    this.stmt("INSERT OR IGNORE INTO settings (id, version, doc) VALUES (1, 1, ?)").run(
      JSON.stringify({
        ...defaultSettingsValues(),
        version: 1,
        createdDate: new Date(0).toISOString(),
        lastModifiedDate: new Date(0).toISOString(),
        createdBy: "system",
        lastModifiedBy: "system",
      } satisfies Settings),
    );
  }

  // ---------- protection groups ----------

  async listProtectionGroups(page: PageRequest): Promise<Page<ProtectionGroup>> {
    return this.page<ProtectionGroup>("protection_groups", page);
  }

  async getProtectionGroup(groupId: string): Promise<ProtectionGroup | undefined> {
    return this.getDoc<ProtectionGroup>("SELECT doc FROM protection_groups WHERE group_id = ?", groupId);
  }

  async createProtectionGroup(group: ProtectionGroup, audit: AuditEntry): Promise<void> {
    this.db.transaction(() => {
      this.insertGroup(group);
      this.writeAudit(audit);
    })();
  }

  async updateProtectionGroup(
    group: ProtectionGroup,
    expectedVersion: number,
    audit: AuditEntry,
  ): Promise<void> {
    this.db.transaction(() => {
      this.checkVersion("protection_groups", "group_id", "Protection group", group.groupId, expectedVersion);
      this.replaceGroup(group);
      this.writeAudit(audit);
    })();
  }

  async deleteProtectionGroup(groupId: string, audit: AuditEntry): Promise<void> {
    this.db.transaction(() => {
      if (!this.exists("protection_groups", "group_id", groupId)) {
        throw new NotFoundError("Protection group", groupId);
      }
      const plans = this.stmt(
        `SELECT p.plan_id AS planId, json_extract(p.doc, '$.planName') AS planName
             FROM plan_groups g JOIN recovery_plans p ON p.plan_id = g.plan_id
            WHERE g.group_id = ? ORDER BY p.seq`,
      ).all(groupId) as { planId: string; planName: string }[];
      if (plans.length > 0) throw new GroupInUseError(groupId, plans);
      this.stmt("DELETE FROM group_servers WHERE group_id = ?").run(groupId);
      this.stmt("DELETE FROM protection_groups WHERE group_id = ?").run(groupId);
      this.writeAudit(audit);
    })();
  }

  // ---------- recovery plans ----------

  async listRecoveryPlans(page: PageRequest): Promise<Page<RecoveryPlan>> {
    return this.page<RecoveryPlan>("recovery_plans", page);
  }

  async getRecoveryPlan(planId: string): Promise<RecoveryPlan | undefined> {
    return this.getDoc<RecoveryPlan>("SELECT doc FROM recovery_plans WHERE plan_id = ?", planId);
  }

  async createRecoveryPlan(plan: RecoveryPlan, audit: AuditEntry): Promise<void> {
    this.db.transaction(() => {
      this.insertPlan(plan);
      this.writeAudit(audit);
    })();
  }

  async updateRecoveryPlan(plan: RecoveryPlan, expectedVersion: number, audit: AuditEntry): Promise<void> {
    this.db.transaction(() => {
      this.checkVersion("recovery_plans", "plan_id", "Recovery plan", plan.planId, expectedVersion);
      this.replacePlan(plan);
      this.writeAudit(audit);
    })();
  }

  async deleteRecoveryPlan(planId: string, audit: AuditEntry): Promise<void> {
    this.db.transaction(() => {
      if (!this.exists("recovery_plans", "plan_id", planId)) throw new NotFoundError("Recovery plan", planId);
      this.stmt("DELETE FROM plan_groups WHERE plan_id = ?").run(planId);
      this.stmt("DELETE FROM recovery_plans WHERE plan_id = ?").run(planId);
      this.writeAudit(audit);
    })();
  }

  // ---------- target accounts ----------

  async listTargetAccounts(): Promise<TargetAccount[]> {
    const rows = this.stmt("SELECT doc FROM target_accounts ORDER BY account_id").all() as DocRow[];
    return rows.map((r) => JSON.parse(r.doc) as TargetAccount);
  }

  async getTargetAccount(accountId: string): Promise<TargetAccount | undefined> {
    return this.getDoc<TargetAccount>("SELECT doc FROM target_accounts WHERE account_id = ?", accountId);
  }

  async createTargetAccount(account: TargetAccount, audit: AuditEntry): Promise<void> {
    this.db.transaction(() => {
      if (this.exists("target_accounts", "account_id", account.accountId)) {
        throw new DuplicateAccountError(account.accountId);
      }
      this.stmt("INSERT INTO target_accounts (account_id, version, doc) VALUES (?, ?, ?)").run(
        account.accountId,
        account.version,
        JSON.stringify(account),
      );
      this.writeAudit(audit);
    })();
  }

  async updateTargetAccount(
    account: TargetAccount,
    expectedVersion: number,
    audit: AuditEntry,
  ): Promise<void> {
    this.db.transaction(() => {
      this.checkVersion(
        "target_accounts",
        "account_id",
        "Target account",
        account.accountId,
        expectedVersion,
      );
      this.stmt("UPDATE target_accounts SET version = ?, doc = ? WHERE account_id = ?").run(
        account.version,
        JSON.stringify(account),
        account.accountId,
      );
      this.writeAudit(audit);
    })();
  }

  async deleteTargetAccount(accountId: string, audit: AuditEntry): Promise<void> {
    this.db.transaction(() => {
      const result = this.stmt("DELETE FROM target_accounts WHERE account_id = ?").run(accountId);
      if (result.changes === 0) throw new NotFoundError("Target account", accountId);
      this.writeAudit(audit);
    })();
  }

  // ---------- settings ----------

  async getSettings(): Promise<Settings> {
    const settings = this.getDoc<Settings>("SELECT doc FROM settings WHERE id = 1", undefined);
    if (!settings) throw new Error("settings row missing: the store was not initialised");
    return settings;
  }

  async updateSettings(settings: Settings, expectedVersion: number, audit: AuditEntry): Promise<void> {
    this.db.transaction(() => {
      const row = this.stmt("SELECT version FROM settings WHERE id = 1").get() as { version: number };
      if (row.version !== expectedVersion)
        throw new StaleVersionError("Settings", "settings", expectedVersion, row.version);
      this.stmt("UPDATE settings SET version = ?, doc = ? WHERE id = 1").run(
        settings.version,
        JSON.stringify(settings),
      );
      this.writeAudit(audit);
    })();
  }

  // ---------- import ----------

  async importConfig(bundle: ConfigBundle, audit: AuditEntry): Promise<void> {
    this.db.transaction(() => {
      for (const account of bundle.targetAccounts) {
        const current = this.currentVersion("target_accounts", "account_id", account.accountId);
        const doc = { ...account, version: (current ?? 0) + 1 };
        this.stmt(
          `INSERT INTO target_accounts (account_id, version, doc) VALUES (?, ?, ?)
             ON CONFLICT (account_id) DO UPDATE SET version = excluded.version, doc = excluded.doc`,
        ).run(doc.accountId, doc.version, JSON.stringify(doc));
      }
      // Release the servers of every imported group first, so that a bundle may move a server
      // from one of its groups to another.
      const release = this.stmt("DELETE FROM group_servers WHERE group_id = ?");
      for (const g of bundle.protectionGroups) release.run(g.groupId);
      for (const group of bundle.protectionGroups) {
        const current = this.currentVersion("protection_groups", "group_id", group.groupId);
        const doc = { ...group, version: (current ?? 0) + 1 };
        if (current === undefined) this.insertGroup(doc);
        else this.replaceGroup(doc);
      }
      for (const plan of bundle.recoveryPlans) {
        const current = this.currentVersion("recovery_plans", "plan_id", plan.planId);
        const doc = { ...plan, version: (current ?? 0) + 1 };
        if (current === undefined) this.insertPlan(doc);
        else this.replacePlan(doc);
      }
      this.writeAudit(audit);
    })();
  }

  // ---------- audit ----------

  async listAudit(page: PageRequest & { resourceId?: string }): Promise<Page<AuditEntry>> {
    const before = decodePageToken(page.nextToken) ?? Number.MAX_SAFE_INTEGER;
    const rows = (
      page.resourceId === undefined
        ? this.stmt("SELECT seq, doc FROM audit_log WHERE seq < ? ORDER BY seq DESC LIMIT ?").all(
            before,
            page.limit + 1,
          )
        : this.stmt(
            "SELECT seq, doc FROM audit_log WHERE resource_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?",
          ).all(page.resourceId, before, page.limit + 1)
    ) as DocRow[];
    return toPage<AuditEntry>(rows, page.limit);
  }

  // ---------- rules shared by create, update and import (run inside a transaction) ----------

  private insertGroup(group: ProtectionGroup): void {
    this.checkUniqueName("protection_groups", "group_id", group.groupId, group.groupName, "protection group");
    this.claimServers(group);
    this.stmt("INSERT INTO protection_groups (group_id, name_key, version, doc) VALUES (?, ?, ?, ?)").run(
      group.groupId,
      nameKey(group.groupName),
      group.version,
      JSON.stringify(group),
    );
  }

  private replaceGroup(group: ProtectionGroup): void {
    this.checkUniqueName("protection_groups", "group_id", group.groupId, group.groupName, "protection group");
    this.stmt("DELETE FROM group_servers WHERE group_id = ?").run(group.groupId);
    this.claimServers(group);
    this.stmt("UPDATE protection_groups SET name_key = ?, version = ?, doc = ? WHERE group_id = ?").run(
      nameKey(group.groupName),
      group.version,
      JSON.stringify(group),
      group.groupId,
    );
  }

  /** A source server belongs to at most one group: refuse naming the groups that hold them. */
  private claimServers(group: ProtectionGroup): void {
    const ids = group.serverIds ?? [];
    if (ids.length === 0) return;
    const holder = this.stmt(
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
    const insert = this.stmt(
      "INSERT INTO group_servers (account_id, region, server_id, group_id) VALUES (?, ?, ?, ?)",
    );
    for (const id of new Set(ids)) insert.run(group.accountId, group.region, id, group.groupId);
  }

  private insertPlan(plan: RecoveryPlan): void {
    this.checkUniqueName("recovery_plans", "plan_id", plan.planId, plan.planName, "recovery plan");
    this.checkPlanGroupsExist(plan);
    this.stmt("INSERT INTO recovery_plans (plan_id, name_key, version, doc) VALUES (?, ?, ?, ?)").run(
      plan.planId,
      nameKey(plan.planName),
      plan.version,
      JSON.stringify(plan),
    );
    this.linkPlanGroups(plan);
  }

  private replacePlan(plan: RecoveryPlan): void {
    this.checkUniqueName("recovery_plans", "plan_id", plan.planId, plan.planName, "recovery plan");
    this.checkPlanGroupsExist(plan);
    this.stmt("UPDATE recovery_plans SET name_key = ?, version = ?, doc = ? WHERE plan_id = ?").run(
      nameKey(plan.planName),
      plan.version,
      JSON.stringify(plan),
      plan.planId,
    );
    this.stmt("DELETE FROM plan_groups WHERE plan_id = ?").run(plan.planId);
    this.linkPlanGroups(plan);
  }

  /** Guards the race "group deleted between validation and write". */
  private checkPlanGroupsExist(plan: RecoveryPlan): void {
    const ids = [...new Set(plan.waves.flatMap((w) => w.protectionGroupIds))];
    const missing = ids.filter((id) => !this.exists("protection_groups", "group_id", id));
    if (missing.length > 0) throw new UnknownProtectionGroupError(missing);
  }

  private linkPlanGroups(plan: RecoveryPlan): void {
    const link = this.stmt("INSERT OR IGNORE INTO plan_groups (plan_id, group_id) VALUES (?, ?)");
    for (const id of new Set(plan.waves.flatMap((w) => w.protectionGroupIds))) link.run(plan.planId, id);
  }

  private checkUniqueName(table: string, idColumn: string, id: string, name: string, kind: string): void {
    const other = this.stmt(
      `SELECT ${idColumn} AS id FROM ${table} WHERE name_key = ? AND ${idColumn} <> ?`,
    ).get(nameKey(name), id) as { id: string } | undefined;
    if (other) throw new DuplicateNameError(kind, name, other.id);
  }

  private checkVersion(table: string, idColumn: string, kind: string, id: string, expected: number): void {
    const current = this.currentVersion(table, idColumn, id);
    if (current === undefined) throw new NotFoundError(kind, id);
    if (current !== expected) throw new StaleVersionError(kind, id, expected, current);
  }

  private currentVersion(table: string, idColumn: string, id: string): number | undefined {
    const row = this.stmt(`SELECT version FROM ${table} WHERE ${idColumn} = ?`).get(id) as
      | { version: number }
      | undefined;
    return row?.version;
  }

  private exists(table: string, idColumn: string, id: string): boolean {
    return this.stmt(`SELECT 1 FROM ${table} WHERE ${idColumn} = ?`).get(id) !== undefined;
  }

  private getDoc<T>(sql: string, param: string | undefined): T | undefined {
    const statement = this.stmt(sql);
    const row = (param === undefined ? statement.get() : statement.get(param)) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as T) : undefined;
  }

  private page<T>(table: string, page: PageRequest): Page<T> {
    return this.statements.page<T>(table, page);
  }

  private stmt(sql: string): Statement {
    return this.statements.get(sql);
  }

  private writeAudit(entry: AuditEntry): void {
    this.stmt("INSERT INTO audit_log (audit_id, resource_id, doc) VALUES (?, ?, ?)").run(
      entry.auditId,
      entry.resourceId,
      JSON.stringify(entry),
    );
  }
}
