import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadOrCreateTokenSecret, TOKEN_TTL_SECONDS, TokenIssuer } from "../src/auth/token-issuer";
import { startTestServer, type TestServer } from "./support/test-server";

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
  await s.accounts.addUser("carol", "DRSPlanManager", "carol-secret-1", "test");
});
afterAll(() => s.close());

const loginAs = async (username: string, password: string) => {
  const res = await s.post("/api/auth/login", { username, password }, { role: null });
  expect(res.status).toBe(200);
  return res.body.data.token as string;
};

describe("authentication", () => {
  test("login returns a 45-minute token that authorises requests", async () => {
    const res = await s.post(
      "/api/auth/login",
      { username: "carol", password: "carol-secret-1" },
      { role: null },
    );
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ expiresIn: 2700, username: "carol", roles: ["DRSPlanManager"] });
    const profile = await s.get("/api/user/profile", { token: res.body.data.token });
    expect(profile.body.data).toEqual({ username: "carol", roles: ["DRSPlanManager"] });
  });

  test("a wrong password or unknown user is the same 401", async () => {
    const wrong = await s.post(
      "/api/auth/login",
      { username: "carol", password: "nope-nope" },
      { role: null },
    );
    const unknown = await s.post(
      "/api/auth/login",
      { username: "mallory", password: "nope-nope" },
      { role: null },
    );
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.body.error).toEqual(unknown.body.error);
  });

  test("after 10 failed logins the user is refused (429, Retry-After) even with the right password", async () => {
    await s.accounts.addUser("frank", "DRSReadOnly", "frank-secret-1", "test");
    for (let i = 0; i < 10; i++) {
      const res = await s.post(
        "/api/auth/login",
        { username: "frank", password: `guess-${i}` },
        { role: null },
      );
      expect(res.status).toBe(401);
    }
    const blocked = await s.post(
      "/api/auth/login",
      { username: "frank", password: "frank-secret-1" },
      { role: null },
    );
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe("TOO_MANY_LOGIN_ATTEMPTS");
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    // Other users are not affected.
    const other = await s.post(
      "/api/auth/login",
      { username: "carol", password: "carol-secret-1" },
      { role: null },
    );
    expect(other.status).toBe(200);
  });

  test("a token expires after 45 minutes", async () => {
    const carol = await s.deps.users.getUser("carol");
    const past = new Date(Date.now() - (TOKEN_TTL_SECONDS + 60) * 1000);
    const secret = loadOrCreateTokenSecret(s.dataDir);
    const old = await new TokenIssuer(secret, () => past).issue({
      username: "carol",
      roles: ["DRSPlanManager"],
      userId: carol?.userId ?? "",
      tokenGeneration: carol?.tokenGeneration ?? 0,
    });
    const res = await s.get("/api/user/profile", { token: old.token });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("TOKEN_EXPIRED");
  });

  test("a token without an expiry or without the user's identity is refused, even when signed", async () => {
    const carol = await s.deps.users.getUser("carol");
    const secret = loadOrCreateTokenSecret(s.dataDir);
    const now = Math.floor(Date.now() / 1000);
    const sign = (claims: Record<string, unknown>, exp?: number) => {
      const jwt = new SignJWT({ roles: ["DRSPlanManager"], ...claims })
        .setProtectedHeader({ alg: "HS256" })
        .setSubject("carol")
        .setIssuer("drso")
        .setIssuedAt(now)
        .setJti("j1");
      return (exp ? jwt.setExpirationTime(exp) : jwt).sign(secret);
    };
    const identity = { uid: carol?.userId, gen: carol?.tokenGeneration };
    expect((await s.get("/api/user/profile", { token: await sign(identity, now + 60) })).status).toBe(200);
    for (const token of [
      await sign(identity),
      await sign({}, now + 60),
      await sign({ uid: carol?.userId }, now + 60),
    ]) {
      const res = await s.get("/api/user/profile", { token });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe("INVALID_TOKEN");
    }
  });

  test("a removed user's token stops working at once, and does not revive when the name is created again", async () => {
    await s.accounts.addUser("dave", "DRSOperator", "dave-secret-1", "test");
    const token = await loginAs("dave", "dave-secret-1");
    expect((await s.get("/api/user/profile", { token })).status).toBe(200);
    await s.accounts.removeUser("dave", "test");
    expect((await s.get("/api/user/profile", { token })).status).toBe(401);
    await s.accounts.addUser("dave", "DRSOrchestrationAdmin", "dave-secret-2", "test");
    const res = await s.get("/api/user/profile", { token });
    expect(res.status).toBe(401);
    expect(res.body.error.message).toBe("User no longer exists");
    expect((await s.get("/api/user/profile", { token: await loginAs("dave", "dave-secret-2") })).status).toBe(
      200,
    );
  });

  test("logout revokes that token only; the user's other sessions go on", async () => {
    await s.accounts.addUser("gina", "DRSOperator", "gina-secret-1", "test");
    const first = await loginAs("gina", "gina-secret-1");
    const second = await loginAs("gina", "gina-secret-1");
    const out = await s.post("/api/auth/logout", undefined, { token: first });
    expect(out.status).toBe(200);
    const after = await s.get("/api/user/profile", { token: first });
    expect(after.status).toBe(401);
    expect(after.body.error.message).toContain("logout");
    expect((await s.post("/api/auth/logout", undefined, { token: first })).status).toBe(401);
    expect((await s.get("/api/user/profile", { token: second })).status).toBe(200);
  });

  test("logout needs a session token: with an API key it is a 400", async () => {
    const { key } = await s.accounts.createApiKey("DRSReadOnly", "logout-probe", "test");
    const res = await s.post("/api/auth/logout", undefined, { apiKey: key });
    expect(res.status).toBe(400);
  });

  test("a password change needs the current password, ends the other sessions and returns a new token", async () => {
    await s.accounts.addUser("hank", "DRSOperator", "hank-secret-1", "test");
    const token = await loginAs("hank", "hank-secret-1");
    const other = await loginAs("hank", "hank-secret-1");
    const wrong = await s.post(
      "/api/auth/password",
      { currentPassword: "not-it-at-all", newPassword: "hank-secret-2" },
      { token },
    );
    expect(wrong.status).toBe(401);
    const short = await s.post(
      "/api/auth/password",
      { currentPassword: "hank-secret-1", newPassword: "x" },
      { token },
    );
    expect(short.status).toBe(400);
    const changed = await s.post(
      "/api/auth/password",
      { currentPassword: "hank-secret-1", newPassword: "hank-secret-2" },
      { token },
    );
    expect(changed.status).toBe(200);
    expect((await s.get("/api/user/profile", { token: changed.body.data.token })).status).toBe(200);
    for (const old of [token, other])
      expect((await s.get("/api/user/profile", { token: old })).status).toBe(401);
    const oldPassword = await s.post(
      "/api/auth/login",
      { username: "hank", password: "hank-secret-1" },
      { role: null },
    );
    expect(oldPassword.status).toBe(401);
    await loginAs("hank", "hank-secret-2");
  });

  test("an API key acts with its role; a wrong key is a 401", async () => {
    const { key } = await s.accounts.createApiKey("DRSReadOnly", "ci", "test");
    expect((await s.get("/api/recovery-plans", { apiKey: key })).status).toBe(200);
    const write = await s.post("/api/recovery-plans", { planName: "x", waves: [] }, { apiKey: key });
    expect(write.status).toBe(403);
    const tampered = `${key.slice(0, -4)}AAAA`;
    expect((await s.get("/api/recovery-plans", { apiKey: tampered })).status).toBe(401);
    expect((await s.get("/api/recovery-plans", { apiKey: "garbage" })).status).toBe(401);
  });

  test("user creation, API keys, logouts and password changes are audited", async () => {
    const audit = (await s.get("/api/audit?limit=200")).body.data.items as {
      action: string;
      resourceId: string;
      actor: string;
    }[];
    expect(audit).toContainEqual(expect.objectContaining({ action: "CreateUser", resourceId: "carol" }));
    expect(audit.map((a) => a.action)).toContain("CreateApiKey");
    expect(audit).toContainEqual(
      expect.objectContaining({ action: "Logout", resourceId: "gina", actor: "gina" }),
    );
    expect(audit).toContainEqual(
      expect.objectContaining({ action: "ChangePassword", resourceId: "hank", actor: "hank" }),
    );
  });
});
