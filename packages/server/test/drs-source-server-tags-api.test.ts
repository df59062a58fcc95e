import { type AwsAdapters, createAwsAdapters } from "@drso/aws";
import { type FleetSpec, SIMULATOR_CREDENTIALS, startSimulator } from "@drso/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attachExecutions } from "../src/execution-wiring";
import { startTestServer, type TestServer } from "./support/test-server";

const HOME = "111111111111";
const REGION = "us-east-1";

const fleet: FleetSpec = {
  accounts: [
    {
      accountId: HOME,
      regions: [
        {
          region: REGION,
          servers: [
            { hostname: "crm-db-1", tags: { Application: "CRM", Tier: "database", Owner: "team-a" } },
            { hostname: "crm-web-1", tags: { Application: "CRM", Tier: "web" } },
          ],
        },
      ],
    },
  ],
};

/** The real app over HTTP with its DRS adapters on a simulator and the execution store (for the audit log). */
describe("PUT /api/drs/source-servers/{id}/tags", () => {
  let sim: Awaited<ReturnType<typeof startSimulator>>;
  let api: TestServer;
  let adapters: AwsAdapters | undefined;
  let dbId: string;

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, timeScale: 10_000, seed: 5, fleet });
    api = await startTestServer({
      configure: (deps, db) => {
        adapters = createAwsAdapters({
          endpoint: sim.endpoint,
          homeAccountId: deps.config.homeAccountId,
          credentials: SIMULATOR_CREDENTIALS,
          targetAccounts: () => deps.store.listTargetAccounts(),
          retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 },
        });
        deps.catalog = adapters.catalog;
        deps.launcher = adapters.launcher;
        deps.health = adapters.health;
        deps.sourceServerTags = adapters.sourceServerTags;
        attachExecutions(deps, db);
      },
    });
    const servers = await adapters?.catalog.listSourceServers(HOME, REGION);
    dbId = servers?.find((s) => s.hostname === "crm-db-1")?.serverId ?? "";
  });
  afterAll(async () => {
    await api?.close();
    adapters?.destroy();
    await sim?.close();
  });

  const drsTags = async (hostname: string) =>
    (await adapters?.catalog.listSourceServers(HOME, REGION))?.find((s) => s.hostname === hostname)?.tags;
  const put = (tags: Record<string, unknown>, extra: Record<string, unknown> = {}, id = dbId) =>
    api.put(`/api/drs/source-servers/${id}/tags`, { accountId: HOME, region: REGION, tags, ...extra });

  it("adds, changes and removes tags so DRS holds exactly the tag set sent", async () => {
    const res = await put({ Application: "CRM", Tier: "db", DRGroup: "gold" });
    expect(res.status, res.text).toBe(200);
    expect(res.body.data).toMatchObject({
      serverId: dbId,
      added: ["DRGroup"],
      changed: ["Tier"],
      removed: ["Owner"],
    });
    expect(await drsTags("crm-db-1")).toEqual({ Application: "CRM", Tier: "db", DRGroup: "gold" });
    // The other server is untouched.
    expect(await drsTags("crm-web-1")).toEqual({ Application: "CRM", Tier: "web" });
  });

  it("records who changed which keys in the audit log", async () => {
    const res = await api.get(`/api/audit?resourceId=${dbId}`);
    expect(res.status, res.text).toBe(200);
    const entry = res.body.data.items.find(
      (e: { action: string }) => e.action === "UpdateSourceServerTags",
    ) as Record<string, unknown> | undefined;
    expect(entry).toMatchObject({
      actor: "DRSOrchestrationAdmin",
      resourceType: "source-server",
      details: { added: ["DRGroup"], changed: ["Tier"], removed: ["Owner"] },
    });
  });

  it("a save of the same tags changes nothing and adds no audit entry", async () => {
    const audits = async () =>
      (await api.get(`/api/audit?resourceId=${dbId}`)).body.data.items.filter(
        (e: { action: string }) => e.action === "UpdateSourceServerTags",
      ).length;
    const before = await audits();
    const res = await put({ Application: "CRM", Tier: "db", DRGroup: "gold" });
    expect(res.status, res.text).toBe(200);
    expect(res.body.data).toMatchObject({ added: [], changed: [], removed: [] });
    expect(await audits()).toBe(before);
  });

  it("a tag-based protection group resolves the server by its new tag", async () => {
    const res = await api.post("/api/protection-groups/resolve", {
      accountId: HOME,
      region: REGION,
      tagCriteria: { DRGroup: "gold" },
    });
    expect(res.status, res.text).toBe(200);
    expect(JSON.stringify(res.body.data)).toContain("crm-db-1");
    expect(JSON.stringify(res.body.data)).not.toContain("crm-web-1");
  });

  it("refuses keys and values outside the AWS limits, naming the field, and changes nothing", async () => {
    const before = await drsTags("crm-db-1");
    const cases: [Record<string, unknown>, string][] = [
      [{ "aws:owner": "x" }, "tags.aws:owner"],
      [{ ["k".repeat(129)]: "x" }, "tags"],
      [{ Owner: "v".repeat(257) }, "tags.Owner"],
      [{ Owner: "semi;colon" }, "tags.Owner"],
      [Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"])), "tags"],
      [{ Owner: 42 }, "tags.Owner"],
    ];
    for (const [tags, path] of cases) {
      const res = await put(tags);
      expect(res.status, JSON.stringify(tags).slice(0, 80)).toBe(400);
      const paths = (res.body.error.details.fields as { path: string }[]).map((f) => f.path);
      expect(
        paths.some((p) => p.startsWith(path)),
        `${paths} vs ${path}`,
      ).toBe(true);
    }
    expect(await drsTags("crm-db-1")).toEqual(before);
  });

  it("answers 404 for a server that is not in the account-region, and 404 for an unknown account", async () => {
    expect((await put({ A: "b" }, {}, "s-00000000000000000")).status).toBe(404);
    expect((await put({ A: "b" }, { accountId: "999999999999" })).status).toBe(404);
  });

  it("refuses a read-only user with 403", async () => {
    const res = await api.put(
      `/api/drs/source-servers/${dbId}/tags`,
      { accountId: HOME, region: REGION, tags: {} },
      { role: "DRSReadOnly" },
    );
    expect(res.status).toBe(403);
    expect(await drsTags("crm-db-1")).toHaveProperty("DRGroup", "gold");
  });
});
