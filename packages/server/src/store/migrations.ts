import type { Database } from "better-sqlite3";
import { deliveryLogMigration } from "../notifications/notification-delivery-log";
import type { Migration } from "./migration";
import { executionTablesMigration } from "./sqlite-execution-store";
import { storeWriteProbeMigration } from "./store-write-probe";

export type { Migration } from "./migration";

/**
 * The SQLite schema as an ordered list of migrations. Append new entries at the end (never edit or
 * reorder applied ones): `migrate` runs those whose index is above `PRAGMA user_version`.
 *
 * Records are stored as JSON documents beside the columns that rules and lookups need; the
 * cross-record rules (unique names, one server per group, plan → group references) are
 * enforced by the tables `group_servers` and `plan_groups` inside each write transaction.
 */
export const migrations: Migration[] = [
  {
    name: "config records, users, api keys, audit",
    up: (db) =>
      db.exec(`
        CREATE TABLE protection_groups (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          group_id TEXT NOT NULL UNIQUE,
          name_key TEXT NOT NULL UNIQUE,
          version INTEGER NOT NULL,
          doc TEXT NOT NULL
        );
        CREATE TABLE group_servers (
          account_id TEXT NOT NULL,
          region TEXT NOT NULL,
          server_id TEXT NOT NULL,
          group_id TEXT NOT NULL,
          PRIMARY KEY (account_id, region, server_id)
        );
        CREATE INDEX group_servers_by_group ON group_servers (group_id);
        CREATE TABLE recovery_plans (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          plan_id TEXT NOT NULL UNIQUE,
          name_key TEXT NOT NULL UNIQUE,
          version INTEGER NOT NULL,
          doc TEXT NOT NULL
        );
        CREATE TABLE plan_groups (
          plan_id TEXT NOT NULL,
          group_id TEXT NOT NULL,
          PRIMARY KEY (plan_id, group_id)
        );
        CREATE INDEX plan_groups_by_group ON plan_groups (group_id);
        CREATE TABLE target_accounts (
          account_id TEXT PRIMARY KEY,
          version INTEGER NOT NULL,
          doc TEXT NOT NULL
        );
        CREATE TABLE settings (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          version INTEGER NOT NULL,
          doc TEXT NOT NULL
        );
        CREATE TABLE users (
          username TEXT PRIMARY KEY,
          doc TEXT NOT NULL
        );
        CREATE TABLE api_keys (
          key_id TEXT PRIMARY KEY,
          doc TEXT NOT NULL
        );
        CREATE TABLE audit_log (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          audit_id TEXT NOT NULL UNIQUE,
          resource_id TEXT NOT NULL,
          doc TEXT NOT NULL
        );
        CREATE INDEX audit_by_resource ON audit_log (resource_id, seq);
      `),
  },
  executionTablesMigration,
  deliveryLogMigration,
  storeWriteProbeMigration,
];

export function migrate(db: Database, list: readonly Migration[] = migrations): void {
  const applied = db.pragma("user_version", { simple: true }) as number;
  list.slice(applied).forEach((m, i) => {
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${applied + i + 1}`);
    })();
  });
}
