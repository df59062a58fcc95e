import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadOrCreateTokenSecret, TOKEN_TTL_SECONDS, TokenIssuer } from "../src/auth/token-issuer";
import { UserAccounts } from "../src/auth/user-accounts";
import { startTestServer, type TestServer } from "./support/test-server";

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
  await new UserAccounts(s.deps.users).addUser("carol", "DRSPlanManager", "carol-secret-1", "test");
});
afterAll(() => s.close());

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
    await new UserAccounts(s.deps.users).addUser("frank", "DRSReadOnly", "frank-secret-1", "test");
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
    const past = new Date(Date.now() - (TOKEN_TTL_SECONDS + 60) * 1000);
    const secret = loadOrCreateTokenSecret(s.dataDir);
    const old = await new TokenIssuer(secret, () => past).issue({
      username: "carol",
      roles: ["DRSPlanManager"],
    });
    const res = await s.get("/api/user/profile", { token: old.token });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("TOKEN_EXPIRED");
  });

  test("a removed user's token stops working at once", async () => {
    const accounts = new UserAccounts(s.deps.users);
    await accounts.addUser("dave", "DRSOperator", "dave-secret-1", "test");
    const { token } = (
      await s.post("/api/auth/login", { username: "dave", password: "dave-secret-1" }, { role: null })
    ).body.data;
    expect((await s.get("/api/user/profile", { token })).status).toBe(200);
    await accounts.removeUser("dave", "test");
    expect((await s.get("/api/user/profile", { token })).status).toBe(401);
  });

  test("an API key acts with its role; a wrong key is a 401", async () => {
    const { key } = await new UserAccounts(s.deps.users).createApiKey("DRSReadOnly", "ci", "test");
    expect((await s.get("/api/recovery-plans", { apiKey: key })).status).toBe(200);
    const write = await s.post("/api/recovery-plans", { planName: "x", waves: [] }, { apiKey: key });
    expect(write.status).toBe(403);
    const tampered = `${key.slice(0, -4)}AAAA`;
    expect((await s.get("/api/recovery-plans", { apiKey: tampered })).status).toBe(401);
    expect((await s.get("/api/recovery-plans", { apiKey: "garbage" })).status).toBe(401);
  });

  test("user creation and API keys are audited", async () => {
    const audit = (await s.get("/api/audit?limit=100")).body.data.items as {
      action: string;
      resourceId: string;
    }[];
    expect(audit).toContainEqual(expect.objectContaining({ action: "CreateUser", resourceId: "carol" }));
    expect(audit.map((a) => a.action)).toContain("CreateApiKey");
  });
});
