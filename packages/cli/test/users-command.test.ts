import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestServer } from "@drso/server/test-support";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runCli } from "./support/run-cli";

/** `drso users` and `drso apikeys` work on the data dir that the server uses. */
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "drso-cli-users-"));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

const drso = (...args: string[]) => runCli(args, { env: { DRSO_DATA_DIR: dataDir } });

// Each case spawns the CLI several times (tsx start-up); generous under a loaded `npm test`.
describe("drso users / apikeys", { timeout: 120_000 }, () => {
  test("add prints a generated password once; list shows the user; remove deletes it", async () => {
    const added = await drso("users", "add", "alice", "--role", "DRSPlanManager");
    expect(added.code).toBe(0);
    expect(added.stdout).toContain("Created user alice (DRSPlanManager)");
    expect(added.stdout).toMatch(/Password: \S{8,}/);

    const withPassword = await drso(
      "users",
      "add",
      "bob",
      "--role",
      "DRSReadOnly",
      "--password",
      "bob-password",
    );
    expect(withPassword.stdout).not.toContain("Password:");

    const list = await drso("users", "list");
    expect(list.stdout).toMatch(/alice\s+DRSPlanManager/);
    expect(list.stdout).toMatch(/bob\s+DRSReadOnly/);

    expect((await drso("users", "remove", "alice")).code).toBe(0);
    expect((await drso("users", "list")).stdout).not.toContain("alice");
  });

  test("refuses an unknown role, a duplicate user and removing a missing one, with one line and exit 1", async () => {
    const badRole = await drso("users", "add", "carol", "--role", "Superuser");
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toContain("role must be one of");
    await drso("users", "add", "dave", "--role", "DRSOperator", "--password", "dave-password");
    const dup = await drso("users", "add", "dave", "--role", "DRSOperator", "--password", "dave-password");
    expect(dup.code).toBe(1);
    expect(dup.stderr.trim()).toBe("drso: User 'dave' already exists");
    const missing = await drso("users", "remove", "nobody");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("not found");
  });

  test("an invalid DRSO_* variable stops with one line naming it", async () => {
    const res = await runCli(["users", "list"], { env: { DRSO_DATA_DIR: dataDir, DRSO_LOG_LEVEL: "loud" } });
    expect(res.code).toBe(1);
    expect(res.stderr.trim().split("\n")).toHaveLength(1);
    expect(res.stderr).toContain("DRSO_LOG_LEVEL");
  });

  test("a user and an API key made by the CLI work at once against a server running on the same data dir", async () => {
    const server = await startTestServer();
    try {
      // The CLI writes the server's own data dir while it runs (SQLite WAL).
      const env = { DRSO_DATA_DIR: server.dataDir };
      const added = await runCli(
        ["users", "add", "erin", "--role", "DRSOperator", "--password", "erin-password"],
        {
          env,
        },
      );
      expect(added.code).toBe(0);
      const login = await server.post(
        "/api/auth/login",
        { username: "erin", password: "erin-password" },
        { role: null },
      );
      expect(login.status).toBe(200);
      expect(login.body.data.roles).toEqual(["DRSOperator"]);

      const key = await runCli(["apikeys", "create", "--role", "DRSReadOnly", "--name", "ci"], { env });
      const apiKey = /Key: (\S+)/.exec(key.stdout)?.[1] ?? "";
      expect((await server.get("/api/recovery-plans", { apiKey })).status).toBe(200);
      expect((await server.post("/api/recovery-plans", {}, { apiKey })).status).toBe(403);
      expect((await runCli(["apikeys", "list"], { env })).stdout).toContain("ci");
    } finally {
      await server.close();
    }
  });
});
