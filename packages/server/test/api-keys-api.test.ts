import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startTestServer, type TestServer } from "./support/test-server";

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

interface KeyView {
  keyId: string;
  name: string;
  expiresAt?: string;
  lastUsedAt?: string;
}
const listKeys = async () => (await s.get("/api/apikeys")).body.data.items as KeyView[];

describe("/api/apikeys", () => {
  test("an admin creates a key with an expiry; the list shows expiry and last use, never the secret", async () => {
    const created = await s.post("/api/apikeys", { name: "nightly", role: "DRSReadOnly", expiresIn: "90d" });
    expect(created.status).toBe(201);
    const { key, keyId, expiresAt } = created.body.data;
    const days = (Date.parse(expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89.9);
    expect(days).toBeLessThan(90.1);
    expect((await listKeys()).find((k) => k.keyId === keyId)?.lastUsedAt).toBeUndefined();
    expect((await s.get("/api/recovery-plans", { apiKey: key })).status).toBe(200);
    const listed = (await listKeys()).find((k) => k.keyId === keyId);
    expect(listed).toMatchObject({ name: "nightly", expiresAt });
    expect(Date.now() - Date.parse(listed?.lastUsedAt ?? "")).toBeLessThan(60_000);
    const raw = (await s.get("/api/apikeys")).text;
    expect(raw).not.toContain("secretHash");
    expect(raw).not.toContain(key);
  });

  test("DELETE revokes a key at once and is audited; an unknown id is a 404", async () => {
    const { key, keyId } = (await s.post("/api/apikeys", { name: "to-revoke", role: "DRSOperator" })).body
      .data;
    expect((await s.get("/api/recovery-plans", { apiKey: key })).status).toBe(200);
    const revoked = await s.del(`/api/apikeys/${keyId}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.data).toEqual({ keyId, name: "to-revoke" });
    const refused = await s.get("/api/recovery-plans", { apiKey: key });
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe("INVALID_API_KEY");
    expect((await listKeys()).map((k) => k.keyId)).not.toContain(keyId);
    expect((await s.del(`/api/apikeys/${keyId}`)).status).toBe(404);
    const audit = (await s.get(`/api/audit?resourceId=${keyId}`)).body.data.items;
    expect(audit.map((a: { action: string }) => a.action)).toEqual(["RevokeApiKey", "CreateApiKey"]);
    expect(audit[0].actor).toBe("DRSOrchestrationAdmin");
  });

  test("an expired key is refused", async () => {
    const { record, key } = await s.accounts.createApiKey(
      "DRSReadOnly",
      "short-lived",
      "test",
      new Date(Date.now() + 1_000),
    );
    expect((await s.get("/api/recovery-plans", { apiKey: key })).status).toBe(200);
    // The stored expiry passes (a key made an hour ago for an hour).
    await s.deps.users.deleteApiKey(record.keyId, {
      auditId: "x",
      timestamp: new Date().toISOString(),
      actor: "t",
      action: "RevokeApiKey",
      resourceType: "api-key",
      resourceId: record.keyId,
    });
    await s.deps.users.createApiKey(
      { ...record, expiresAt: new Date(Date.now() - 1).toISOString() },
      {
        auditId: "y",
        timestamp: new Date().toISOString(),
        actor: "t",
        action: "CreateApiKey",
        resourceType: "api-key",
        resourceId: record.keyId,
      },
    );
    const res = await s.get("/api/recovery-plans", { apiKey: key });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("API_KEY_EXPIRED");
  });

  test("a bad expiry or name is a 400 naming the field; only admins manage keys", async () => {
    const bad = await s.post("/api/apikeys", { name: "x", role: "DRSReadOnly", expiresIn: "forever" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain("expiresIn");
    const tooLong = await s.post("/api/apikeys", { name: "x", role: "DRSReadOnly", expiresIn: "99999d" });
    expect(tooLong.status).toBe(400);
    const ctrl = await s.post("/api/apikeys", { name: "ci\u0007", role: "DRSReadOnly" });
    expect(ctrl.status).toBe(400);
    expect(ctrl.body.error.message).toContain("name");
    for (const role of ["DRSRecoveryManager", "DRSPlanManager", "DRSOperator", "DRSReadOnly"] as const) {
      expect((await s.get("/api/apikeys", { role })).status).toBe(403);
      expect((await s.post("/api/apikeys", { name: "x", role: "DRSReadOnly" }, { role })).status).toBe(403);
    }
  });
});
