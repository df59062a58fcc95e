import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { DatabaseIntegrityError, verifyDatabaseFile } from "./database-integrity";
import { DATABASE_FILE, openDatabase } from "./sqlite-database";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "drso-integrity-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A database with enough audit rows to span many pages, closed (WAL checkpointed). */
function filledDatabase(): { file: string; auditLeafPage: number } {
  const db = openDatabase(dir);
  const insert = db.prepare("INSERT INTO audit_log (audit_id, resource_id, doc) VALUES (?, ?, ?)");
  db.transaction(() => {
    for (let i = 0; i < 2000; i++)
      insert.run(`a-${i}`, `r-${i % 7}`, JSON.stringify({ i, pad: "x".repeat(100) }));
  })();
  const { pageno } = db
    .prepare("SELECT pageno FROM dbstat WHERE name = 'audit_log' AND pagetype = 'leaf' LIMIT 1 OFFSET 5")
    .get() as { pageno: number };
  db.close();
  return { file: join(dir, DATABASE_FILE), auditLeafPage: pageno };
}

/** Overwrites part of one b-tree page with 0xFF, as a torn write or a bad sector would. */
function damagePage(file: string, page: number): void {
  const fd = openSync(file, "r+");
  writeSync(fd, Buffer.alloc(200, 0xff), 0, 200, 4096 * (page - 1) + 8);
  closeSync(fd);
}

describe("database integrity at start-up", () => {
  test("an intact database and a missing one pass", () => {
    expect(() => verifyDatabaseFile(join(dir, DATABASE_FILE))).not.toThrow();
    const { file } = filledDatabase();
    expect(() => verifyDatabaseFile(file)).not.toThrow();
  });

  test("a damaged page fails quick_check with one line naming the file and the problem", () => {
    const { file, auditLeafPage } = filledDatabase();
    damagePage(file, auditLeafPage);
    const error = catchError(() => verifyDatabaseFile(file));
    expect(error).toBeInstanceOf(DatabaseIntegrityError);
    expect(error.message).toContain(`${file} failed PRAGMA quick_check: `);
    expect(error.message).toContain(`page ${auditLeafPage}`);
    expect(error.message).toContain("drso restore");
    expect(error.message).not.toContain("\n");
  });

  test("a file that is not a database is one clear line, from the check and from openDatabase", () => {
    const file = join(dir, DATABASE_FILE);
    writeFileSync(file, "these are not the pages you are looking for\n".repeat(200));
    const checked = catchError(() => verifyDatabaseFile(file));
    expect(checked).toBeInstanceOf(DatabaseIntegrityError);
    expect(checked.message).toMatch(/drso\.db is not a SQLite database \(file is not a database\)/);
    const opened = catchError(() => openDatabase(dir));
    expect(opened).toBeInstanceOf(DatabaseIntegrityError);
    expect(opened.message).toContain("is not a SQLite database");
  });
});

function catchError(run: () => unknown): Error {
  try {
    run();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected an error");
}
