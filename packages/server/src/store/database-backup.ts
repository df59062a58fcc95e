import {
  chmodSync,
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
import { dirname, join, resolve } from "node:path";
import BetterSqlite3, { SqliteError } from "better-sqlite3";
import { asIntegrityError, DatabaseIntegrityError, verifyDatabaseFile } from "./database-integrity";
import { migrations } from "./migrations";
import { DATABASE_FILE } from "./sqlite-database";

/** A backup or restore that cannot proceed; its message is one line for `drso` to print. */
export class DatabaseBackupError extends Error {
  override name = "DatabaseBackupError";
}

/** Backups hold password and API-key hashes: readable by the owner only. */
const BACKUP_FILE_MODE = 0o600;

/**
 * `drso backup`: a consistent copy of the data dir's database made with `VACUUM INTO` through a
 * read-only connection. It reads one snapshot while the server keeps writing (WAL), so it works
 * with the server running; the copy is checked with `quick_check` before this returns.
 */
export function backupDatabase(dataDir: string, target: string): { file: string; bytes: number } {
  const source = join(dataDir, DATABASE_FILE);
  if (!existsSync(source)) throw new DatabaseBackupError(`there is no database to back up in ${dataDir}`);
  const file = resolve(target);
  if (existsSync(file)) throw new DatabaseBackupError(`${file} already exists; name a new file`);
  const db = new BetterSqlite3(source, { readonly: true, fileMustExist: true, timeout: 5000 });
  try {
    db.prepare("VACUUM INTO ?").run(file);
  } catch (e) {
    rmSync(file, { force: true });
    throw asIntegrityError(source, e) ?? e;
  } finally {
    db.close();
  }
  chmodSync(file, BACKUP_FILE_MODE);
  verifyDatabaseFile(file);
  return { file, bytes: statSync(file).size };
}

/**
 * `drso restore`: replaces the data dir's database with a backup. Refuses a backup that fails
 * `quick_check` or is not an orchestrator database of this version or older (newer ones are
 * migrated forward at the next start), and refuses while any process has the database open — the
 * server holds it for as long as it runs, so SQLite's own lock tells. The replaced database is
 * kept beside it (`drso.db.replaced-<time>`), never deleted.
 */
export function restoreDatabase(
  dataDir: string,
  backup: string,
  now: Date = new Date(),
): { file: string; replaced?: string } {
  const from = resolve(backup);
  if (!existsSync(from)) throw new DatabaseBackupError(`${from} does not exist`);
  verifyDatabaseFile(from);
  checkSchemaVersion(from);
  // A new data dir as openDatabase creates it: its owner only.
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, DATABASE_FILE);
  const staged = `${file}.restoring`;
  copyFileSync(from, staged);
  chmodSync(staged, BACKUP_FILE_MODE);
  syncPath(staged);
  let replaced: string | undefined;
  try {
    if (existsSync(file)) {
      assertNotInUse(file, dataDir);
      replaced = `${file}.replaced-${now.toISOString().replace(/[:.]/g, "-")}`;
      // The WAL and shared-memory files belong to the old database: they move with it.
      for (const suffix of ["-wal", "-shm", ""])
        if (existsSync(file + suffix)) renameSync(file + suffix, replaced + suffix);
    }
    renameSync(staged, file);
  } catch (e) {
    rmSync(staged, { force: true });
    throw e;
  }
  syncPath(dirname(file));
  return { file, ...(replaced ? { replaced } : {}) };
}

function checkSchemaVersion(file: string): void {
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    const version = db.pragma("user_version", { simple: true }) as number;
    const audit = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_log'").get();
    if (version < 1 || !audit)
      throw new DatabaseIntegrityError(`${file} is a SQLite database but not a DRS Orchestrator backup`);
    if (version > migrations.length)
      throw new DatabaseBackupError(
        `${file} was written by a newer DRS Orchestrator (schema ${version}, this one knows ${migrations.length}); restore it with that version`,
      );
  } finally {
    db.close();
  }
}

/** Takes SQLite's exclusive lock for a moment: it fails at once while another connection is open. */
function assertNotInUse(file: string, dataDir: string): void {
  const db = new BetterSqlite3(file, { timeout: 0 });
  try {
    db.pragma("locking_mode = EXCLUSIVE");
    db.exec("BEGIN EXCLUSIVE");
    db.exec("COMMIT");
  } catch (e) {
    if (e instanceof SqliteError && e.code.startsWith("SQLITE_BUSY"))
      throw new DatabaseBackupError(
        `the database in ${dataDir} is in use (is 'drso serve' running?); stop the server, then restore`,
      );
    // Any other failure (a damaged or non-SQLite file) is what a restore is for: replace it.
  } finally {
    db.close();
  }
}

function syncPath(path: string): void {
  const fd = openSync(path, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
