import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { openDatabase } from "./sqlite-database";

test("every commit is synced before it returns (synchronous=FULL in WAL mode)", () => {
  const dir = mkdtempSync(join(tmpdir(), "drso-db-"));
  try {
    const db = openDatabase(dir);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    // 2 = FULL; NORMAL (1) syncs the WAL only at checkpoints, so power loss can drop the last commits.
    expect(db.pragma("synchronous", { simple: true })).toBe(2);
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
