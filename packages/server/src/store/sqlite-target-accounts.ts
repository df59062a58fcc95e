import { DuplicateAccountError, NotFoundError, type TargetAccount } from "@drso/core";
import type { SqliteConfigTables } from "./sqlite-config-tables";
import type { DocRow } from "./sqlite-statement-cache";

/** Target accounts on SQLite (`target_accounts` rows). Callers run these inside their transaction. */
export class SqliteTargetAccounts {
  constructor(private readonly tables: SqliteConfigTables) {}

  list(): TargetAccount[] {
    const rows = this.tables.stmt("SELECT doc FROM target_accounts ORDER BY account_id").all() as DocRow[];
    return rows.map((r) => JSON.parse(r.doc) as TargetAccount);
  }

  get(accountId: string): TargetAccount | undefined {
    return this.tables.getDoc<TargetAccount>(
      "SELECT doc FROM target_accounts WHERE account_id = ?",
      accountId,
    );
  }

  insert(account: TargetAccount): void {
    if (this.tables.exists("target_accounts", "account_id", account.accountId)) {
      throw new DuplicateAccountError(account.accountId);
    }
    this.tables
      .stmt("INSERT INTO target_accounts (account_id, version, doc) VALUES (?, ?, ?)")
      .run(account.accountId, account.version, JSON.stringify(account));
  }

  update(account: TargetAccount, expectedVersion: number): void {
    this.tables.checkVersion(
      "target_accounts",
      "account_id",
      "Target account",
      account.accountId,
      expectedVersion,
    );
    this.tables
      .stmt("UPDATE target_accounts SET version = ?, doc = ? WHERE account_id = ?")
      .run(account.version, JSON.stringify(account), account.accountId);
  }

  /** Import: insert at version 1 or replace at the stored version + 1. */
  upsert(account: TargetAccount): void {
    const current = this.tables.currentVersion("target_accounts", "account_id", account.accountId);
    const doc = { ...account, version: (current ?? 0) + 1 };
    this.tables
      .stmt(
        `INSERT INTO target_accounts (account_id, version, doc) VALUES (?, ?, ?)
             ON CONFLICT (account_id) DO UPDATE SET version = excluded.version, doc = excluded.doc`,
      )
      .run(doc.accountId, doc.version, JSON.stringify(doc));
  }

  delete(accountId: string): void {
    const result = this.tables.stmt("DELETE FROM target_accounts WHERE account_id = ?").run(accountId);
    if (result.changes === 0) throw new NotFoundError("Target account", accountId);
  }
}
