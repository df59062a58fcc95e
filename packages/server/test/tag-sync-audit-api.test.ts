import type { FleetSpec } from "@drso/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ExecutionEnv, HOME, startExecutionEnv } from "../src/runner/testing/execution-test-env";

const REGION = "us-east-1";
const fleet: FleetSpec = {
  accounts: [
    {
      accountId: HOME,
      regions: [
        {
          region: REGION,
          servers: [
            {
              hostname: "crm-db-1",
              tags: { Application: "CRM" },
              sourceInstanceTags: { Application: "CRM", DRGroup: "gold" },
            },
            {
              hostname: "crm-web-1",
              tags: { Application: "CRM", DRGroup: "bronze" },
              sourceInstanceTags: { Application: "CRM", DRGroup: "silver" },
            },
          ],
        },
      ],
    },
  ],
};

/** A tag sync that changes DRS tags leaves an audit entry; a dry run leaves none. */
describe("tag sync audit", () => {
  let env: ExecutionEnv;
  beforeAll(async () => {
    env = await startExecutionEnv({ fleet });
    env.api.deps.sourceServerTags = env.adapters.sourceServerTags;
  });
  afterAll(() => env.close());

  const syncAudits = async () =>
    ((await env.api.get("/api/audit?limit=100")).body.data.items as { action: string }[]).filter(
      (a) => a.action === "SyncSourceServerTags",
    );

  it("a dry run writes no audit entry", async () => {
    const res = await env.api.post("/api/drs/tag-sync", {
      accountId: HOME,
      region: REGION,
      dryRun: true,
      tagKeys: ["DRGroup"],
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.data.items).toHaveLength(2);
    expect(await syncAudits()).toEqual([]);
  });

  it("an applied sync records who synced which servers where", async () => {
    const res = await env.api.post(
      "/api/drs/tag-sync",
      { accountId: HOME, region: REGION, dryRun: false, tagKeys: ["DRGroup"] },
      { role: "DRSOrchestrationAdmin" },
    );
    expect(res.status, res.text).toBe(200);
    expect(res.body.data.applied).toBe(2);
    const [entry] = await syncAudits();
    const servers = (await env.adapters.catalog.listSourceServers(HOME, REGION)).map((s) => s.serverId);
    expect(entry).toMatchObject({
      actor: "DRSOrchestrationAdmin",
      resourceType: "source-server",
      resourceId: `${HOME}/${REGION}`,
      details: { accountId: HOME, region: REGION, tagKeys: ["DRGroup"], applied: 2, failures: [] },
    });
    expect((entry as unknown as { details: { serverIds: string[] } }).details.serverIds.sort()).toEqual(
      servers.sort(),
    );
  });
});
