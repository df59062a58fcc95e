import { chmodSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, test } from "vitest";
import { DATABASE_FILE, openDatabase } from "./sqlite-database";

const modeOf = (path: string) => statSync(path).mode & 0o777;
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const scratch = () => {
  const dir = mkdtempSync(join(tmpdir(), "drso-modes-"));
  dirs.push(dir);
  return dir;
};

test("a new data dir is 0700 and the database with its -wal and -shm files 0600", () => {
  const dataDir = join(scratch(), "data");
  const db = openDatabase(dataDir);
  try {
    db.exec("CREATE TABLE probe (x); INSERT INTO probe VALUES (1)");
    expect(modeOf(dataDir).toString(8)).toBe("700");
    for (const suffix of ["", "-wal", "-shm"]) {
      expect(modeOf(join(dataDir, `${DATABASE_FILE}${suffix}`)).toString(8), suffix || "db").toBe("600");
    }
  } finally {
    db.close();
  }
});

test("database files of an older release (0644) are tightened to 0600", () => {
  const dataDir = scratch();
  const seeded = openDatabase(dataDir);
  seeded.close();
  const file = join(dataDir, DATABASE_FILE);
  chmodSync(file, 0o644);
  const db = openDatabase(dataDir);
  try {
    expect(modeOf(file).toString(8)).toBe("600");
    db.exec("CREATE TABLE probe (x)");
    expect(modeOf(`${file}-wal`).toString(8)).toBe("600");
    expect(modeOf(`${file}-shm`).toString(8)).toBe("600");
  } finally {
    db.close();
  }
});
