import { statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "./sqlite-database";
import { startWalCheckpointer } from "./wal-checkpointer";

describe("WAL checkpoints on a worker thread", () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
  });

  it("copies committed writes into the database file without a checkpoint inside any commit", async () => {
    const dir = await mkdtemp(join(tmpdir(), "drso-wal-"));
    dirs.push(dir);
    const db = openDatabase(dir);
    const checkpointer = startWalCheckpointer(db, pino({ level: "silent" }), 50);
    db.exec("CREATE TABLE payload (id INTEGER PRIMARY KEY, doc TEXT)");
    const insert = db.prepare("INSERT INTO payload (doc) VALUES (?)");
    const file = join(dir, "drso.db");
    const sizeBefore = statSync(file).size;
    // 2 MB in 2,000 commits: twice SQLite's automatic threshold of 1,000 pages.
    for (let i = 0; i < 2000; i++) insert.run("x".repeat(1000));
    expect(db.pragma("wal_autocheckpoint", { simple: true })).toBe(0);
    await expect
      .poll(() => statSync(file).size, { timeout: 10_000, interval: 50 })
      .toBeGreaterThan(sizeBefore + 2_000_000);
    await checkpointer.stop();
    expect(db.prepare("SELECT count(*) AS n FROM payload").get()).toEqual({ n: 2000 });
    db.close();
  });

  it("stops cleanly and leaves the database consistent for the next start", async () => {
    const dir = await mkdtemp(join(tmpdir(), "drso-wal-"));
    dirs.push(dir);
    const db = openDatabase(dir);
    const checkpointer = startWalCheckpointer(db, pino({ level: "silent" }), 20);
    db.exec("CREATE TABLE t (v TEXT)");
    db.prepare("INSERT INTO t VALUES ('kept')").run();
    await checkpointer.stop();
    await checkpointer.stop();
    db.close();
    const reopened = openDatabase(dir);
    expect(reopened.prepare("SELECT v FROM t").all()).toEqual([{ v: "kept" }]);
    reopened.close();
  });
});
