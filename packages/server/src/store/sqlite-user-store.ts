import {
  type ApiKeyRecord,
  type AuditEntry,
  ConflictError,
  NotFoundError,
  type UserRecord,
  type UserStore,
} from "@drso/core";
import type { Database } from "better-sqlite3";
import { writeAuditEntry } from "./sqlite-audit-log";
import { SqliteStatementCache } from "./sqlite-statement-cache";

/** Local users and API keys (embedded mode); the audit entry is written in the same transaction. */
export class SqliteUserStore implements UserStore {
  // Every API-key request looks its key up: prepare each statement once.
  private readonly statements: SqliteStatementCache;

  constructor(private readonly db: Database) {
    this.statements = new SqliteStatementCache(db);
  }

  async getUser(username: string): Promise<UserRecord | undefined> {
    const row = this.statements.get("SELECT doc FROM users WHERE username = ?").get(username) as
      | { doc: string }
      | undefined;
    return row ? (JSON.parse(row.doc) as UserRecord) : undefined;
  }

  async listUsers(): Promise<UserRecord[]> {
    const rows = this.statements.get("SELECT doc FROM users ORDER BY username").all() as { doc: string }[];
    return rows.map((r) => JSON.parse(r.doc) as UserRecord);
  }

  async createUser(user: UserRecord, audit: AuditEntry): Promise<void> {
    this.db.transaction(() => {
      if (this.statements.get("SELECT 1 FROM users WHERE username = ?").get(user.username)) {
        throw new ConflictError("DUPLICATE_USER", `User '${user.username}' already exists`, {
          username: user.username,
        });
      }
      this.statements
        .get("INSERT INTO users (username, doc) VALUES (?, ?)")
        .run(user.username, JSON.stringify(user));
      this.writeAudit(audit);
    })();
  }

  async deleteUser(username: string, audit: AuditEntry): Promise<void> {
    this.db.transaction(() => {
      const result = this.statements.get("DELETE FROM users WHERE username = ?").run(username);
      if (result.changes === 0) throw new NotFoundError("User", username);
      this.writeAudit(audit);
    })();
  }

  async updateUser(
    username: string,
    change: (current: UserRecord) => UserRecord,
    audit: AuditEntry | undefined,
  ): Promise<UserRecord> {
    // better-sqlite3 transactions are synchronous: nothing else can write between read and write.
    return this.db.transaction(() => {
      const row = this.statements.get("SELECT doc FROM users WHERE username = ?").get(username) as
        | { doc: string }
        | undefined;
      if (!row) throw new NotFoundError("User", username);
      const next = { ...change(JSON.parse(row.doc) as UserRecord), username };
      this.statements.get("UPDATE users SET doc = ? WHERE username = ?").run(JSON.stringify(next), username);
      if (audit) this.writeAudit(audit);
      return next;
    })();
  }

  async getApiKey(keyId: string): Promise<ApiKeyRecord | undefined> {
    const row = this.statements.get("SELECT doc FROM api_keys WHERE key_id = ?").get(keyId) as
      | { doc: string }
      | undefined;
    return row ? (JSON.parse(row.doc) as ApiKeyRecord) : undefined;
  }

  async listApiKeys(): Promise<ApiKeyRecord[]> {
    const rows = this.statements.get("SELECT doc FROM api_keys ORDER BY key_id").all() as { doc: string }[];
    return rows.map((r) => JSON.parse(r.doc) as ApiKeyRecord);
  }

  async createApiKey(key: ApiKeyRecord, audit: AuditEntry): Promise<void> {
    this.db.transaction(() => {
      this.statements
        .get("INSERT INTO api_keys (key_id, doc) VALUES (?, ?)")
        .run(key.keyId, JSON.stringify(key));
      this.writeAudit(audit);
    })();
  }

  async deleteApiKey(keyId: string, audit: AuditEntry): Promise<void> {
    this.db.transaction(() => {
      const result = this.statements.get("DELETE FROM api_keys WHERE key_id = ?").run(keyId);
      if (result.changes === 0) throw new NotFoundError("API key", keyId);
      this.writeAudit(audit);
    })();
  }

  async touchApiKey(keyId: string, lastUsedAt: string): Promise<void> {
    this.statements
      .get("UPDATE api_keys SET doc = json_set(doc, '$.lastUsedAt', ?) WHERE key_id = ?")
      .run(lastUsedAt, keyId);
  }

  private writeAudit(entry: AuditEntry): void {
    writeAuditEntry((sql) => this.statements.get(sql), entry);
  }
}
