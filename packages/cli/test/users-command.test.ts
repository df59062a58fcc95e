import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestServer } from "@drso/server/testing";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runCli } from "./support/run-cli";

/** `drso users` and `drso apikeys` work on the data dir that the server uses. */
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "drso-cli-users-"));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

// The lowest password cost keeps each spawned CLI fast (production hashes at 2^17).
const FAST = { DRSO_PASSWORD_COST: "10" };
const drso = (...args: string[]) => runCli(args, { env: { DRSO_DATA_DIR: dataDir, ...FAST } });

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
      const env = { DRSO_DATA_DIR: server.dataDir, ...FAST };
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

  test("passwd sets a new password and ends the user's sessions; apikeys revoke and --expires-in take effect at once", async () => {
    const server = await startTestServer();
    try {
      const env = { DRSO_DATA_DIR: server.dataDir, ...FAST };
      await runCli(["users", "add", "fred", "--role", "DRSOperator", "--password", "fred-password"], { env });
      const login = (password: string) =>
        server.post("/api/auth/login", { username: "fred", password }, { role: null });
      const token = (await login("fred-password")).body.data.token;
      const passwd = await runCli(["users", "passwd", "fred", "--password", "fred-password-2"], { env });
      expect(passwd.code).toBe(0);
      expect(passwd.stdout).toContain("Changed the password of fred");
      expect((await server.get("/api/user/profile", { token })).status).toBe(401);
      expect((await login("fred-password")).status).toBe(401);
      expect((await login("fred-password-2")).status).toBe(200);
      const generated = await runCli(["users", "passwd", "fred"], { env });
      expect(generated.stdout).toMatch(/Password: \S{8,}/);
      expect((await runCli(["users", "passwd", "nobody", "--password", "whatever-1"], { env })).code).toBe(1);

      const created = await runCli(
        ["apikeys", "create", "--role", "DRSReadOnly", "--name", "nightly", "--expires-in", "90d"],
        { env },
      );
      expect(created.stdout).toMatch(/expires 20\d\d-/);
      const apiKey = /Key: (\S+)/.exec(created.stdout)?.[1] ?? "";
      expect((await server.get("/api/recovery-plans", { apiKey })).status).toBe(200);
      const listed = await runCli(["apikeys", "list"], { env });
      expect(listed.stdout).toMatch(/LAST USED/);
      expect(listed.stdout).toMatch(/nightly\s+DRSReadOnly\s+\S+\s+20\d\d-\S+\s+20\d\d-/);
      const badExpiry = await runCli(["apikeys", "create", "--role", "DRSReadOnly", "--expires-in", "soon"], {
        env,
      });
      expect(badExpiry.code).toBe(1);
      expect(badExpiry.stderr).toContain("90d");

      const revoked = await runCli(["apikeys", "revoke", "nightly"], { env });
      expect(revoked.code).toBe(0);
      expect(revoked.stdout).toContain("Revoked API key");
      expect((await server.get("/api/recovery-plans", { apiKey })).status).toBe(401);
      expect((await runCli(["apikeys", "list"], { env })).stdout).not.toContain("nightly");
      expect((await runCli(["apikeys", "revoke", "nightly"], { env })).code).toBe(1);
    } finally {
      await server.close();
    }
  });
});
