import { mkdirSync } from "node:fs";
import { join } from "node:path";
import BetterSqlite3, { type Database } from "better-sqlite3";
import { asIntegrityError } from "./database-integrity";
import { migrate } from "./migrations";

/** The database's file name inside the data dir. */
export const DATABASE_FILE = "drso.db";

/** Opens (creating if needed) `drso.db` in the data dir with WAL and the schema migrated. */
export function openDatabase(dataDir: string): Database {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, DATABASE_FILE);
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
