import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterEach, describe, expect, test } from "vitest";
import { openDatabase } from "../store/sqlite-database";
import { SqliteUserStore } from "../store/sqlite-user-store";
import { LoginThrottle } from "./login-throttle";
import { DEFAULT_PASSWORD_COST, hashPassword, MIN_PASSWORD_COST, verifyPassword } from "./password-hash";
import { Sessions } from "./sessions";
import { TokenIssuer } from "./token-issuer";
import { UserAccounts } from "./user-accounts";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function setup(passwordCost: number, throttle?: LoginThrottle) {
  const dir = mkdtempSync(join(tmpdir(), "drso-sessions-"));
  const db = openDatabase(dir);
  cleanups.push(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const users = new SqliteUserStore(db);
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  const sessions = new Sessions(users, new TokenIssuer(Buffer.alloc(32, 1)), logger, {
    passwordCost,
    ...(throttle ? { throttle } : {}),
  });
  return { users, sessions, lines };
}

describe("password hashing", () => {
  test("the production default is scrypt N=2^17, r=8, p=1", async () => {
    expect(DEFAULT_PASSWORD_COST).toBe(17);
    const hash = await hashPassword("correct horse battery");
    expect(hash).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(await verifyPassword("correct horse battery", hash)).toBe(true);
  }, 60_000);

  test("a hash below the configured cost is replaced at the next successful login, not at a failed one", async () => {
    const { users, sessions } = setup(MIN_PASSWORD_COST + 1);
    await new UserAccounts(users, { passwordCost: MIN_PASSWORD_COST }).addUser(
      "ann",
      "DRSOperator",
      "ann-secret-1",
      "t",
    );
    const old = (await users.getUser("ann"))?.passwordHash ?? "";
    expect(old).toMatch(/^scrypt\$1024\$/);
    await expect(sessions.login("ann", "wrong-password", "a")).rejects.toMatchObject({
      code: "INVALID_CREDENTIALS",
    });
    expect((await users.getUser("ann"))?.passwordHash).toBe(old);
    await sessions.login("ann", "ann-secret-1", "a");
    const upgraded = (await users.getUser("ann"))?.passwordHash ?? "";
    expect(upgraded).toMatch(/^scrypt\$2048\$8\$1\$/);
    expect(await verifyPassword("ann-secret-1", upgraded)).toBe(true);
    // Already at the cost: left alone.
    await sessions.login("ann", "ann-secret-1", "a");
    expect((await users.getUser("ann"))?.passwordHash).toBe(upgraded);
  });

  test("a user stored before identities existed gets one at login", async () => {
    const { users, sessions } = setup(MIN_PASSWORD_COST);
    await users.createUser(
      {
        username: "legacy",
        roles: ["DRSReadOnly"],
        passwordHash: await hashPassword("legacy-secret", MIN_PASSWORD_COST),
        createdDate: new Date().toISOString(),
      },
      {
        auditId: "a1",
        timestamp: new Date().toISOString(),
        actor: "t",
        action: "CreateUser",
        resourceType: "user",
        resourceId: "legacy",
      },
    );
    await sessions.login("legacy", "legacy-secret", "a");
    expect((await users.getUser("legacy"))?.userId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("login logging", () => {
  test("failures, lockouts and throttled attempts are logged with name and address, never the password", async () => {
    const { users, sessions, lines } = setup(MIN_PASSWORD_COST, new LoginThrottle({ maxFailures: 2 }));
    await new UserAccounts(users, { passwordCost: MIN_PASSWORD_COST }).addUser(
      "bo",
      "DRSOperator",
      "bo-secret-1",
      "t",
    );
    for (let i = 0; i < 2; i++)
      await expect(sessions.login("bo", `Guess-${i}-secret`, "10.1.1.1")).rejects.toThrow();
    await expect(sessions.login("bo", "bo-secret-1", "10.1.1.1")).rejects.toMatchObject({
      code: "TOO_MANY_LOGIN_ATTEMPTS",
    });
    const messages = lines.map((l) => l.msg);
    expect(messages).toEqual(["login failed", "login failed", "login locked", "login throttled"]);
    expect(lines[2]).toMatchObject({ username: "bo", address: "10.1.1.1", scope: "user-and-address" });
    const text = JSON.stringify(lines);
    expect(text).not.toContain("Guess-");
    expect(text).not.toContain("bo-secret-1");
  });
});
