import { existsSync } from "node:fs";
import BetterSqlite3, { type Database, SqliteError } from "better-sqlite3";

/**
 * The database file cannot be used as it is: not a SQLite file, or failing `PRAGMA quick_check`.
 * Its message is the one line `drso` prints before exiting non-zero.
 */
export class DatabaseIntegrityError extends Error {
  override name = "DatabaseIntegrityError";
}

/** How many problems `quick_check` lists at most (the first names the damage well enough). */
const MAX_REPORTED_PROBLEMS = 10;

/** What `PRAGMA quick_check` reports for an open database; an empty list means intact. */
export function quickCheckProblems(db: Database): string[] {
  const rows = db.pragma(`quick_check(${MAX_REPORTED_PROBLEMS})`) as { quick_check: string }[];
  // SQLite may put several problems in one row, under a "*** in database main ***" heading.
  const lines = rows
    .flatMap((r) => r.quick_check.split("\n"))
    .filter((line) => line !== "" && !line.startsWith("*** in database"));
  return lines.length === 1 && lines[0] === "ok" ? [] : lines;
}

/**
 * Runs `quick_check` on `file` through a read-only connection, before anything writes to it.
 * A missing file passes (the first start creates it). Throws DatabaseIntegrityError otherwise.
 */
export function verifyDatabaseFile(file: string): void {
  if (!existsSync(file)) return;
  let db: Database | undefined;
  try {
    db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    const problems = quickCheckProblems(db);
    if (problems.length > 0) throw integrityFailure(file, problems);
  } catch (e) {
    throw asIntegrityError(file, e) ?? e;
  } finally {
    db?.close();
  }
}

/** SQLite's "this file is not (or no longer) a database" errors, as one line naming the file. */
export function asIntegrityError(file: string, error: unknown): DatabaseIntegrityError | undefined {
  if (error instanceof DatabaseIntegrityError) return error;
  if (!(error instanceof SqliteError)) return undefined;
  if (error.code === "SQLITE_NOTADB")
    return new DatabaseIntegrityError(`${file} is not a SQLite database (${error.message}); ${REMEDY}`, {
      cause: error,
    });
  if (error.code.startsWith("SQLITE_CORRUPT")) return integrityFailure(file, [error.message]);
  return undefined;
}

const REMEDY = "restore a backup with 'drso restore <file>' or move the file away to start empty";

function integrityFailure(file: string, problems: string[]): DatabaseIntegrityError {
  const more = problems.length > 1 ? ` (+${problems.length - 1} more)` : "";
  return new DatabaseIntegrityError(`${file} failed PRAGMA quick_check: ${problems[0]}${more}; ${REMEDY}`);
}
