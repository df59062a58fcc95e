import type { AuditEntry } from "@drso/core";
import type { Statement } from "better-sqlite3";

/**
 * Appends one entry to `audit_log`, the table every SQLite store writes its entries to. Callers run
 * it inside the transaction of the change it records; `prepare` is the caller's statement source.
 */
export function writeAuditEntry(prepare: (sql: string) => Statement, entry: AuditEntry): void {
  prepare("INSERT INTO audit_log (audit_id, resource_id, doc) VALUES (?, ?, ?)").run(
    entry.auditId,
    entry.resourceId,
    JSON.stringify(entry),
  );
}
