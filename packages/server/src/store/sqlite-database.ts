import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import { join } from "node:path";
import BetterSqlite3, { type Database } from "better-sqlite3";
import { asIntegrityError } from "./database-integrity";
import { migrate } from "./migrations";

/** The database's file name inside the data dir. */
export const DATABASE_FILE = "drso.db";

/** Opens (creating if needed) `drso.db` in the data dir with WAL and the schema migrated. */
export function openDatabase(dataDir: string): Database {
  const file = join(dataDir, DATABASE_FILE);
  restrictToOwner(dataDir, file);
  const db = new BetterSqlite3(file);
  try {
    // WAL lets readers (other processes such as the CLI) proceed during writes; busy_timeout makes a
    // second process wait for the write lock instead of failing at once.
    db.pragma("journal_mode = WAL");
    db.pragma("busy_timeout = 5000");
    // FULL: every commit — a launch intent in the execution event log above all — is synced to disk
    // before it returns, so it survives power loss; NORMAL could lose the last commits.
    db.pragma("synchronous = FULL");
    db.pragma("foreign_keys = ON");
    migrate(db);
    return db;
  } catch (e) {
    db.close();
    throw asIntegrityError(file, e) ?? e;
  }
}

/**
 * The database holds password and API key hashes and ExternalIds: only its owner may read it. A
 * data dir created here is 0700; the database file is 0600 before SQLite opens it, and SQLite gives
 * the -wal and -shm files the mode of the database file (files of older releases are tightened too).
 */
function restrictToOwner(dataDir: string, file: string): void {
  if (mkdirSync(dataDir, { recursive: true, mode: 0o700 }) !== undefined) chmodSync(dataDir, 0o700);
  closeSync(openSync(file, "a", 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o600);
}
