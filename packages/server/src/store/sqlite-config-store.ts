import type {
  AuditEntry,
  ConfigBundle,
  ConfigStore,
  Page,
  PageRequest,
  ProtectionGroup,
  RecoveryPlan,
  Settings,
  TargetAccount,
} from "@drso/core";
import type { Database } from "better-sqlite3";
import { decodePageToken } from "./page-token";
import { SqliteConfigTables } from "./sqlite-config-tables";
import { SqliteProtectionGroups } from "./sqlite-protection-groups";
import { SqliteRecoveryPlans } from "./sqlite-recovery-plans";
import { SqliteSettings } from "./sqlite-settings";
import { type DocRow, toPage } from "./sqlite-statement-cache";
import { SqliteTargetAccounts } from "./sqlite-target-accounts";

/**
 * ConfigStore on SQLite. better-sqlite3 is synchronous, so each write runs its checks and its
 * writes (including the audit entry) inside one `db.transaction`, which no other request can
 * interleave with; the UNIQUE indexes are a second line of defence. The rules of each kind of
 * record live in its own module (`sqlite-protection-groups.ts`, `sqlite-recovery-plans.ts`, …).
 */
export class SqliteConfigStore implements ConfigStore {
  private readonly tables: SqliteConfigTables;
  private readonly groups: SqliteProtectionGroups;
  private readonly plans: SqliteRecoveryPlans;
  private readonly accounts: SqliteTargetAccounts;
  private readonly settings: SqliteSettings;

  constructor(private readonly db: Database) {
    this.tables = new SqliteConfigTables(db);
    this.groups = new SqliteProtectionGroups(this.tables);
    this.plans = new SqliteRecoveryPlans(this.tables);
    this.accounts = new SqliteTargetAccounts(this.tables);
    this.settings = new SqliteSettings(this.tables);
  }

  /** Runs `change` and writes `audit` in one transaction. */
  private audited(audit: AuditEntry, change: () => void): void {
    this.db.transaction(() => {
      change();
      this.tables.writeAudit(audit);
    })();
  }

  // ---------- protection groups ----------

  async listProtectionGroups(page: PageRequest): Promise<Page<ProtectionGroup>> {
    return this.groups.list(page);
  }

  async getProtectionGroup(groupId: string): Promise<ProtectionGroup | undefined> {
    return this.groups.get(groupId);
  }

  async createProtectionGroup(group: ProtectionGroup, audit: AuditEntry): Promise<void> {
    this.audited(audit, () => this.groups.insert(group));
  }

  async updateProtectionGroup(
    group: ProtectionGroup,
    expectedVersion: number,
    audit: AuditEntry,
  ): Promise<void> {
    this.audited(audit, () => {
      this.groups.checkVersion(group.groupId, expectedVersion);
      this.groups.replace(group);
    });
  }

  async deleteProtectionGroup(groupId: string, audit: AuditEntry): Promise<void> {
    this.audited(audit, () => this.groups.delete(groupId));
  }

  // ---------- recovery plans ----------

  async listRecoveryPlans(page: PageRequest): Promise<Page<RecoveryPlan>> {
    return this.plans.list(page);
  }

  async getRecoveryPlan(planId: string): Promise<RecoveryPlan | undefined> {
    return this.plans.get(planId);
  }

  async createRecoveryPlan(plan: RecoveryPlan, audit: AuditEntry): Promise<void> {
    this.audited(audit, () => this.plans.insert(plan));
  }

  async updateRecoveryPlan(plan: RecoveryPlan, expectedVersion: number, audit: AuditEntry): Promise<void> {
    this.audited(audit, () => {
      this.plans.checkVersion(plan.planId, expectedVersion);
      this.plans.replace(plan);
    });
  }

  async deleteRecoveryPlan(planId: string, audit: AuditEntry): Promise<void> {
    this.audited(audit, () => this.plans.delete(planId));
  }

  // ---------- target accounts ----------

  async listTargetAccounts(): Promise<TargetAccount[]> {
    return this.accounts.list();
  }

  async getTargetAccount(accountId: string): Promise<TargetAccount | undefined> {
    return this.accounts.get(accountId);
  }

  async createTargetAccount(account: TargetAccount, audit: AuditEntry): Promise<void> {
    this.audited(audit, () => this.accounts.insert(account));
  }

  async updateTargetAccount(
    account: TargetAccount,
    expectedVersion: number,
    audit: AuditEntry,
  ): Promise<void> {
    this.audited(audit, () => this.accounts.update(account, expectedVersion));
  }

  async deleteTargetAccount(accountId: string, audit: AuditEntry): Promise<void> {
    this.audited(audit, () => this.accounts.delete(accountId));
  }

  // ---------- settings ----------

  async getSettings(): Promise<Settings> {
    return this.settings.get();
  }

  async updateSettings(settings: Settings, expectedVersion: number, audit: AuditEntry): Promise<void> {
    this.audited(audit, () => this.settings.update(settings, expectedVersion));
  }

  // ---------- import ----------

  async importConfig(bundle: ConfigBundle, audit: AuditEntry): Promise<void> {
    this.audited(audit, () => {
      for (const account of bundle.targetAccounts) this.accounts.upsert(account);
      // Release the servers of every imported group first, so that a bundle may move a server
      // from one of its groups to another.
      for (const g of bundle.protectionGroups) this.groups.releaseServers(g.groupId);
      for (const group of bundle.protectionGroups) {
        const current = this.groups.version(group.groupId);
        const doc = { ...group, version: (current ?? 0) + 1 };
        if (current === undefined) this.groups.insert(doc);
        else this.groups.replace(doc);
      }
      for (const plan of bundle.recoveryPlans) {
        const current = this.plans.version(plan.planId);
        const doc = { ...plan, version: (current ?? 0) + 1 };
        if (current === undefined) this.plans.insert(doc);
        else this.plans.replace(doc);
      }
    });
  }

  // ---------- audit ----------

  async recordAudit(entry: AuditEntry): Promise<void> {
    this.tables.writeAudit(entry);
  }

  async listAudit(page: PageRequest & { resourceId?: string }): Promise<Page<AuditEntry>> {
    const before = decodePageToken(page.nextToken) ?? Number.MAX_SAFE_INTEGER;
    const rows = (
      page.resourceId === undefined
        ? this.tables
            .stmt("SELECT seq, doc FROM audit_log WHERE seq < ? ORDER BY seq DESC LIMIT ?")
            .all(before, page.limit + 1)
        : this.tables
            .stmt(
              "SELECT seq, doc FROM audit_log WHERE resource_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?",
            )
            .all(page.resourceId, before, page.limit + 1)
    ) as DocRow[];
    return toPage<AuditEntry>(rows, page.limit);
  }
}
