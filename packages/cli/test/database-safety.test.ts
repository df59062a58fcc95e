import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { runCli } from "./support/run-cli";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "drso-db-safety-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const serveEnv = (dataDir: string) => ({
  DRSO_DATA_DIR: dataDir,
  DRSO_PORT: "0",
  DRSO_SIM_PORT: "0",
  DRSO_LOG_LEVEL: "warn",
});

describe("start-up integrity check", () => {
  test("drso serve on a file that is not a database prints one line and exits 1", {
    timeout: 60_000,
  }, async () => {
    const dataDir = join(dir, "data");
    await mkdir(dataDir);
    await writeFile(join(dataDir, "drso.db"), "not a database at all\n".repeat(500));
    const run = await runCli(["serve"], { env: serveEnv(dataDir) });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(/^drso: .*drso\.db is not a SQLite database \(file is not a database\); restore/),
    ]);
    expect(run.stdout).not.toContain("API:");
  });
});
