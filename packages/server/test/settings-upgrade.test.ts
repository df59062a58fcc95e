import type { Database } from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/test-server";

describe("settings stored before notifications and tag sync existed", () => {
  let api: TestServer;
  let db: Database | undefined;
  beforeAll(async () => {
    api = await startTestServer({
      configure: (_deps, database) => {
        db = database;
      },
    });
    // What an installation of the previous release has in its settings row.
    db?.prepare(
      "UPDATE settings SET doc = json_remove(doc, '$.notifications', '$.tagSync') WHERE id = 1",
    ).run();
  });
  afterAll(() => api.close());

  it("read with the defaults of the new fields", async () => {
    const settings = await api.get("/api/config/settings");
    expect(settings.status).toBe(200);
    expect(settings.body.data.notifications).toMatchObject({
      webhooks: [],
      enabledEvents: expect.any(Array),
    });
    expect((await api.get("/api/config/tag-sync")).body.data).toEqual({
      enabled: false,
      intervalMinutes: 60,
    });
  });

  it("accept a tag-sync update and keep it through a settings update that omits it", async () => {
    expect((await api.put("/api/config/tag-sync", { enabled: true, intervalMinutes: 15 })).status).toBe(200);
    const { quotas, healthCheckTimeoutSeconds, defaultRegion, version } = (
      await api.get("/api/config/settings")
    ).body.data;
    const put = await api.put("/api/config/settings", {
      quotas,
      healthCheckTimeoutSeconds,
      defaultRegion,
      version,
    });
    expect(put.status, put.text).toBe(200);
    expect((await api.get("/api/config/tag-sync")).body.data).toEqual({ enabled: true, intervalMinutes: 15 });
  });
});
