import type { FleetSpec } from "@drso/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SimulatedApi, startSimulatedApi } from "./support/simulated-aws-deps";

const HOME = "111111111111";
const REGION = "us-east-1";

/** Three servers whose source instances were retagged in EC2 after DRS picked up their tags. */
const fleet: FleetSpec = {
  accounts: [
    {
      accountId: HOME,
      regions: [
        {
          region: REGION,
          servers: [
            {
              hostname: "pay-db-1",
              tags: { Application: "Payments", Tier: "database" },
              sourceInstanceTags: {
                Application: "Payments",
                Tier: "database",
                DRGroup: "gold",
                Owner: "team-a",
              },
            },
            {
              hostname: "pay-app-1",
              tags: { Application: "Payments", Tier: "app", DRGroup: "bronze" },
              sourceInstanceTags: { Application: "Payments", Tier: "app", DRGroup: "gold" },
            },
            {
              hostname: "pay-web-1",
              tags: { Application: "Payments", Tier: "web", DRGroup: "silver" },
              sourceInstanceTags: { Application: "Payments", Tier: "web" },
            },
          ],
        },
      ],
    },
  ],
};

describe("POST /api/drs/tag-sync (EC2 source-instance tags → DRS source servers)", () => {
  let env: SimulatedApi;
  beforeAll(async () => {
    env = await startSimulatedApi({ fleet });
  });
  afterAll(() => env.close());

  const drsTags = async () =>
    Object.fromEntries(
      (await env.adapters.catalog.listSourceServers(HOME, REGION)).map((s) => [s.hostname, s.tags]),
    );
  type Item = { hostname: string; changes: { key: string; from?: string; to?: string }[] };
  const sync = async (body: Record<string, unknown>) => {
    const res = await env.api.post("/api/drs/tag-sync", { accountId: HOME, region: REGION, ...body });
    expect(res.status, res.text).toBe(200);
    return res.body.data as { items: Item[]; applied: number; serversChecked: number; failures: unknown[] };
  };
  const byHost = (items: Item[]) => Object.fromEntries(items.map((i) => [i.hostname, i.changes]));

  it("a dry run lists the differences for the chosen keys and changes nothing", async () => {
    const before = await drsTags();
    const result = await sync({ tagKeys: ["DRGroup"], dryRun: true });
    expect(result.serversChecked).toBe(3);
    expect(byHost(result.items)).toEqual({
      "pay-db-1": [{ key: "DRGroup", to: "gold" }],
      "pay-app-1": [{ key: "DRGroup", from: "bronze", to: "gold" }],
      "pay-web-1": [{ key: "DRGroup", from: "silver" }],
    });
    expect(result.applied).toBe(0);
    expect(await drsTags()).toEqual(before);
  });

  it("apply makes the DRS tags equal the EC2 tags for the chosen keys only, and a second run finds nothing", async () => {
    const result = await sync({ tagKeys: ["DRGroup"], dryRun: false });
    expect(result).toMatchObject({ applied: 3, failures: [] });
    const after = await drsTags();
    expect(after["pay-db-1"]?.DRGroup).toBe("gold");
    expect(after["pay-app-1"]?.DRGroup).toBe("gold");
    expect(after["pay-web-1"]).not.toHaveProperty("DRGroup");
    // Owner was not chosen: it stays out of DRS.
    expect(after["pay-db-1"]).not.toHaveProperty("Owner");
    expect((await sync({ tagKeys: ["DRGroup"], dryRun: true })).items).toEqual([]);
  });

  it("a tag-based protection group then resolves the synced servers", async () => {
    const res = await env.api.post("/api/protection-groups/resolve", {
      accountId: HOME,
      region: REGION,
      tagCriteria: { DRGroup: "gold" },
    });
    expect(res.status, res.text).toBe(200);
    const text = JSON.stringify(res.body.data);
    expect(text).toContain("pay-db-1");
    expect(text).toContain("pay-app-1");
    expect(text).not.toContain("pay-web-1");
  });

  it("without tagKeys it copies every tag of the source instance", async () => {
    const dry = await sync({ dryRun: true });
    expect(byHost(dry.items)).toEqual({ "pay-db-1": [{ key: "Owner", to: "team-a" }] });
  });

  it("refuses an account the orchestrator does not know", async () => {
    const res = await env.api.post("/api/drs/tag-sync", {
      accountId: "999999999999",
      region: REGION,
      dryRun: true,
    });
    expect(res.status).toBe(404);
  });
});
