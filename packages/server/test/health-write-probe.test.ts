import { afterEach, describe, expect, test } from "vitest";
import { startTestServer, type TestServer } from "./support/test-server";

let s: TestServer | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

const group = (name: string) => ({
  groupName: name,
  region: "us-east-1",
  accountId: "111111111111",
  tagCriteria: { App: name },
});

describe("GET /api/health probes a write", () => {
  test("a read-only database answers 503 while reads keep answering", async () => {
    s = await startTestServer();
    expect((await s.post("/api/protection-groups", group("web"))).status).toBe(201);
    s.db.pragma("query_only = ON");

    const health = await s.get("/api/health", { role: null });
    expect(health.status).toBe(503);
    expect(health.body.data).toMatchObject({ status: "degraded" });
    expect(health.body.data.store).toMatch(/^write probe failed: .*readonly/);

    const list = await s.get("/api/protection-groups");
    expect(list.status).toBe(200);
    expect(list.body.data.items.map((g: { groupName: string }) => g.groupName)).toEqual(["web"]);
  });

  test("a full database (no page can be added) answers 503 while reads keep answering", async () => {
    s = await startTestServer();
    expect((await s.post("/api/protection-groups", group("web"))).status).toBe(201);
    expect((await s.get("/api/health", { role: null })).status).toBe(200);

    // No room to grow, as on a full disk: cap the file at its size and use up the free pages.
    const pages = s.db.pragma("page_count", { simple: true }) as number;
    s.db.pragma(`max_page_count = ${pages}`);
    const insert = s.db.prepare("INSERT INTO audit_log (audit_id, resource_id, doc) VALUES (?, 'fill', ?)");
    expect(() => {
      for (let i = 0; ; i++) insert.run(`fill-${i}`, "x".repeat(2000));
    }).toThrow(/full/);
    // Past the probe's throttle.
    await new Promise((resolve) => setTimeout(resolve, 1100));

    const health = await s.get("/api/health", { role: null });
    expect(health.status).toBe(503);
    expect(health.body.data.store).toMatch(/^write probe failed: database or disk is full/);
    expect((await s.post("/api/protection-groups", group("db"))).status).toBe(500);
    expect((await s.get("/api/protection-groups")).status).toBe(200);
  });

  test("a healthy store answers 200 and the probe leaves no rows behind but its stamp", async () => {
    s = await startTestServer();
    const health = await s.get("/api/health", { role: null });
    expect(health.status).toBe(200);
    expect(health.body.data.store).toBe("ok");
    expect(s.db.prepare("SELECT id, room FROM store_probe").all()).toEqual([{ id: 1, room: null }]);
  });
});
