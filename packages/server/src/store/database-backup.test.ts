import { closeSync, existsSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { backupDatabase, DatabaseBackupError, restoreDatabase } from "./database-backup";
import { DatabaseIntegrityError } from "./database-integrity";
import { DATABASE_FILE, openDatabase } from "./sqlite-database";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "drso-backup-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const audit = (db: BetterSqlite3.Database, count: number, prefix: string) => {
  const insert = db.prepare("INSERT INTO audit_log (audit_id, resource_id, doc) VALUES (?, 'r', ?)");
  db.transaction(() => {
    for (let i = 0; i < count; i++) insert.run(`${prefix}-${i}`, JSON.stringify({ i, pad: "x".repeat(200) }));
  })();
};
const auditIds = (file: string): string[] => {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return (db.prepare("SELECT audit_id FROM audit_log ORDER BY seq").all() as { audit_id: string }[]).map(
      (r) => r.audit_id,
    );
  } finally {
    db.close();
  }
};

describe("backup and restore of the embedded database", () => {
  test("a backup taken while the database is open and written holds every commit so far", () => {
    const live = openDatabase(join(dir, "live"));
    audit(live, 500, "before");
    // Commits still only in the WAL (no checkpoint yet) are part of the backup too.
    expect(existsSync(join(dir, "live", `${DATABASE_FILE}-wal`))).toBe(true);
    const done = backupDatabase(join(dir, "live"), join(dir, "backup.db"));
    audit(live, 10, "after");
    live.close();

    expect(done.file).toBe(join(dir, "backup.db"));
    expect(statSync(done.file).mode & 0o777).toBe(0o600);
    const ids = auditIds(done.file);
    expect(ids).toHaveLength(500);
    expect(ids.at(-1)).toBe("before-499");
    expect(() => backupDatabase(join(dir, "live"), done.file)).toThrow(/already exists/);
  });

  test("restore refuses while the database is open, then replaces it and keeps the old one", () => {
    const live = openDatabase(join(dir, "live"));
    audit(live, 3, "old");
    const backup = join(dir, "backup.db");
    backupDatabase(join(dir, "live"), backup);
    audit(live, 2, "newer");

    expect(() => restoreDatabase(join(dir, "live"), backup)).toThrow(DatabaseBackupError);
    expect(() => restoreDatabase(join(dir, "live"), backup)).toThrow(
      /is in use \(is 'drso serve' running\?\)/,
    );
    expect(existsSync(join(dir, "live", `${DATABASE_FILE}.restoring`))).toBe(false);
    live.close();

    const done = restoreDatabase(join(dir, "live"), backup, new Date("2026-12-02T10:00:00Z"));
    expect(auditIds(done.file)).toEqual(["old-0", "old-1", "old-2"]);
    expect(done.replaced).toBe(join(dir, "live", `${DATABASE_FILE}.replaced-2026-12-02T10-00-00-000Z`));
    expect(auditIds(done.replaced ?? "")).toEqual(["old-0", "old-1", "old-2", "newer-0", "newer-1"]);
    // The restored file opens as the server would and keeps working.
    const reopened = openDatabase(join(dir, "live"));
    audit(reopened, 1, "restored");
    reopened.close();
  });

  test("restore into a new data dir; a damaged or foreign backup is refused and changes nothing", () => {
    const live = openDatabase(join(dir, "live"));
    audit(live, 300, "a");
    live.close();
    const backup = join(dir, "backup.db");
    backupDatabase(join(dir, "live"), backup);
    expect(auditIds(restoreDatabase(join(dir, "fresh"), backup).file)).toHaveLength(300);

    const foreign = new BetterSqlite3(join(dir, "foreign.db"));
    foreign.exec("CREATE TABLE t (x)");
    foreign.close();
    expect(() => restoreDatabase(join(dir, "fresh"), join(dir, "foreign.db"))).toThrow(
      /is a SQLite database but not a DRS Orchestrator backup/,
    );

    const leaf = new BetterSqlite3(backup, { readonly: true });
    const { pageno } = leaf
      .prepare("SELECT pageno FROM dbstat WHERE name = 'audit_log' AND pagetype = 'leaf' LIMIT 1 OFFSET 3")
      .get() as { pageno: number };
    leaf.close();
    const fd = openSync(backup, "r+");
    writeSync(fd, Buffer.alloc(200, 0xff), 0, 200, 4096 * (pageno - 1) + 8);
    closeSync(fd);
    expect(() => restoreDatabase(join(dir, "fresh"), backup)).toThrow(DatabaseIntegrityError);
    expect(() => restoreDatabase(join(dir, "fresh"), backup)).toThrow(/failed PRAGMA quick_check/);
    expect(auditIds(join(dir, "fresh", DATABASE_FILE))).toHaveLength(300);
    expect(() => restoreDatabase(join(dir, "fresh"), join(dir, "missing.db"))).toThrow(/does not exist/);
  });
});
