import {
  type AuditEntry,
  DuplicateNameError,
  NotFoundError,
  nameKey,
  type Page,
  type PageRequest,
  StaleVersionError,
} from "@drso/core";
import type { Database, Statement } from "better-sqlite3";
import { writeAuditEntry } from "./sqlite-audit-log";
import { SqliteStatementCache } from "./sqlite-statement-cache";

/**
 * The record tables of the config database (one JSON document per row, with its version and,
 * for named records, its lower-cased name) and the checks every kind of record shares. Callers
 * run these inside their `db.transaction`.
 */
export class SqliteConfigTables {
  private readonly statements: SqliteStatementCache;

  constructor(readonly db: Database) {
    this.statements = new SqliteStatementCache(db);
  }

  stmt(sql: string): Statement {
    return this.statements.get(sql);
  }

  page<T>(table: string, page: PageRequest): Page<T> {
    return this.statements.page<T>(table, page);
  }

  getDoc<T>(sql: string, param: string | undefined): T | undefined {
    const statement = this.stmt(sql);
    const row = (param === undefined ? statement.get() : statement.get(param)) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as T) : undefined;
  }

  checkUniqueName(table: string, idColumn: string, id: string, name: string, kind: string): void {
    const other = this.stmt(
      `SELECT ${idColumn} AS id FROM ${table} WHERE name_key = ? AND ${idColumn} <> ?`,
    ).get(nameKey(name), id) as { id: string } | undefined;
    if (other) throw new DuplicateNameError(kind, name, other.id);
  }

  checkVersion(table: string, idColumn: string, kind: string, id: string, expected: number): void {
    const current = this.currentVersion(table, idColumn, id);
    if (current === undefined) throw new NotFoundError(kind, id);
    if (current !== expected) throw new StaleVersionError(kind, id, expected, current);
  }

  currentVersion(table: string, idColumn: string, id: string): number | undefined {
    const row = this.stmt(`SELECT version FROM ${table} WHERE ${idColumn} = ?`).get(id) as
      | { version: number }
      | undefined;
    return row?.version;
  }

  exists(table: string, idColumn: string, id: string): boolean {
    return this.stmt(`SELECT 1 FROM ${table} WHERE ${idColumn} = ?`).get(id) !== undefined;
  }

  writeAudit(entry: AuditEntry): void {
    writeAuditEntry((sql) => this.stmt(sql), entry);
  }
}
