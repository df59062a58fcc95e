import { type AwsAdapters, createAwsAdapters } from "@drso/aws";
import { SIMULATOR_CREDENTIALS, startSimulator } from "@drso/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppDeps } from "../src/app-deps";
import { TagSyncScheduler } from "../src/tag-sync/tag-sync-scheduler";
import { startTestServer, type TestServer } from "./support/test-server";

const HOME = "111111111111";

describe("scheduled tag sync (GET/PUT /api/config/tag-sync and the local scheduler)", () => {
  let sim: Awaited<ReturnType<typeof startSimulator>>;
  let api: TestServer;
  let adapters: AwsAdapters;
  let deps: AppDeps;
  let clock = Date.parse("2026-01-01T00:00:00Z");
  beforeAll(async () => {
    sim = await startSimulator({
      port: 0,
      seed: 3,
      fleet: {
        accounts: [
          {
            accountId: HOME,
            regions: [
              {
                region: "us-east-1",
                servers: [
                  {
                    hostname: "hr-db-1",
                    tags: { Tier: "database" },
                    sourceInstanceTags: { Tier: "database", DRGroup: "gold" },
                  },
                ],
              },
            ],
          },
        ],
      },
    });
    api = await startTestServer({
      configure: (d) => {
        adapters = createAwsAdapters({
          endpoint: sim.endpoint,
          homeAccountId: d.config.homeAccountId,
          credentials: SIMULATOR_CREDENTIALS,
          targetAccounts: () => d.store.listTargetAccounts(),
        });
        d.catalog = adapters.catalog;
        d.sourceServerTags = adapters.sourceServerTags;
        d.now = () => new Date(clock);
        deps = d;
      },
    });
  });
  afterAll(async () => {
    await api.close();
    adapters.destroy();
    await sim.close();
  });

  const drsTags = async () => (await adapters.catalog.listSourceServers(HOME, "us-east-1"))[0]?.tags;

  it("is off by default and the scheduler then changes nothing", async () => {
    expect((await api.get("/api/config/tag-sync")).body.data).toEqual({
      enabled: false,
      intervalMinutes: 60,
    });
    expect(await new TagSyncScheduler(deps).runIfDue()).toBe(false);
    expect(await drsTags()).toEqual({ Tier: "database" });
  });

  it("once enabled, syncs the chosen keys every interval, and a settings PUT without tagSync keeps it", async () => {
    const put = await api.put("/api/config/tag-sync", {
      enabled: true,
      intervalMinutes: 5,
      tagKeys: ["DRGroup"],
    });
    expect(put.status, put.text).toBe(200);
    const settings = (await api.get("/api/config/settings")).body.data;
    const { quotas, healthCheckTimeoutSeconds, defaultRegion, version } = settings;
    expect(
      (await api.put("/api/config/settings", { quotas, healthCheckTimeoutSeconds, defaultRegion, version }))
        .status,
    ).toBe(200);
    expect((await api.get("/api/config/tag-sync")).body.data).toEqual({
      enabled: true,
      intervalMinutes: 5,
      tagKeys: ["DRGroup"],
    });

    const scheduler = new TagSyncScheduler(deps);
    expect(await scheduler.runIfDue()).toBe(true);
    expect(await drsTags()).toEqual({ Tier: "database", DRGroup: "gold" });
    clock += 60_000;
    expect(await scheduler.runIfDue()).toBe(false);
    clock += 5 * 60_000;
    expect(await scheduler.runIfDue()).toBe(true);
  });

  it("refuses an interval under 5 minutes, naming the field", async () => {
    const res = await api.put("/api/config/tag-sync", { enabled: true, intervalMinutes: 1 });
    expect(res.status).toBe(400);
    expect(res.text).toContain("intervalMinutes");
  });
});
