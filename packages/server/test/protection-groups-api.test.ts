import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  InMemorySourceServerCatalog,
  serverId,
  sourceServers,
} from "./support/in-memory-source-server-catalog";
import { startTestServer, type TestServer } from "./support/test-server";

const HOME = { accountId: "111111111111", region: "us-east-1" };
const catalog = new InMemorySourceServerCatalog([
  ...sourceServers(1, 100, { ...HOME, tags: { Application: "shop", Tier: "web" } }),
  ...sourceServers(200, 10, { ...HOME, tags: { Application: "shop", Tier: "database" } }),
  ...sourceServers(300, 10, { accountId: "222222222222", region: "us-west-2", tags: { Tier: "web" } }),
]);

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ catalog });
});
afterAll(() => s.close());

let nextName = 0;
const uniqueName = (prefix: string) => `${prefix} ${++nextName}`;

describe("protection groups over HTTP", () => {
  test("create, get, list, update and delete with the API's field names", async () => {
    const created = await s.post("/api/protection-groups", {
      groupName: "Web servers",
      description: "Front end",
      ...HOME,
      serverIds: [serverId(1), serverId(2)],
    });
    expect(created.status).toBe(201);
    const g = created.body.data;
    expect(g).toMatchObject({
      groupName: "Web servers",
      description: "Front end",
      accountId: "111111111111",
      region: "us-east-1",
      serverIds: [serverId(1), serverId(2)],
      serverCount: 2,
      version: 1,
      createdBy: "DRSOrchestrationAdmin",
      lastModifiedBy: "DRSOrchestrationAdmin",
    });
    expect(g.groupId).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(g.createdDate)).not.toBeNaN();

    expect((await s.get(`/api/protection-groups/${g.groupId}`)).body.data).toEqual(g);
    const list = await s.get("/api/protection-groups?limit=1000");
    expect(list.body.data.items.map((x: { groupId: string }) => x.groupId)).toContain(g.groupId);

    const updated = await s.put(
      `/api/protection-groups/${g.groupId}`,
      { groupName: "Web servers", ...HOME, serverIds: [serverId(3)], version: 1 },
      { role: "DRSPlanManager" },
    );
    expect(updated.status).toBe(200);
    expect(updated.body.data).toMatchObject({ version: 2, serverIds: [serverId(3)], serverCount: 1 });
    expect(updated.body.data.lastModifiedBy).toBe("DRSPlanManager");
    expect(updated.body.data.createdBy).toBe("DRSOrchestrationAdmin");

    expect((await s.del(`/api/protection-groups/${g.groupId}`)).status).toBe(204);
    const gone = await s.get(`/api/protection-groups/${g.groupId}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ success: false, error: { code: "NOT_FOUND" } });
  });

  test("a tag group counts its current matches", async () => {
    const res = await s.post("/api/protection-groups", {
      groupName: uniqueName("Databases"),
      ...HOME,
      tagCriteria: { Application: "shop", Tier: "database" },
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ serverCount: 10, tagCriteria: { Tier: "database" } });
    expect(res.body.data.serverIds).toBeUndefined();
  });

  test("refuses both or neither of serverIds and tagCriteria", async () => {
    const both = await s.post("/api/protection-groups", {
      groupName: uniqueName("Both"),
      ...HOME,
      serverIds: [serverId(4)],
      tagCriteria: { Tier: "web" },
    });
    expect(both.status).toBe(400);
    expect(both.body.error.code).toBe("VALIDATION_ERROR");
    expect(both.body.error.details.fields[0].path).toBe("serverIds");
    expect(
      (await s.post("/api/protection-groups", { groupName: uniqueName("Neither"), ...HOME })).status,
    ).toBe(400);
  });

  test("refuses explicit servers that do not exist in DRS in that account/region, naming them", async () => {
    const res = await s.post("/api/protection-groups", {
      groupName: uniqueName("Ghosts"),
      accountId: "222222222222",
      region: "us-west-2",
      serverIds: [serverId(300), serverId(1), serverId(999)],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("UNKNOWN_SOURCE_SERVER");
    expect(res.body.error.details.missingServerIds).toEqual([serverId(1), serverId(999)]);
  });

  test("a duplicate name (any case) is a 409", async () => {
    const name = uniqueName("Unique");
    expect(
      (await s.post("/api/protection-groups", { groupName: name, ...HOME, tagCriteria: { Tier: "web" } }))
        .status,
    ).toBe(201);
    const dup = await s.post("/api/protection-groups", {
      groupName: name.toUpperCase(),
      ...HOME,
      tagCriteria: { Tier: "web" },
    });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe("DUPLICATE_NAME");
  });

  test("a server already in another group is a 409 naming that group", async () => {
    const owner = uniqueName("Owner");
    await s.post("/api/protection-groups", { groupName: owner, ...HOME, serverIds: [serverId(10)] });
    const res = await s.post("/api/protection-groups", {
      groupName: uniqueName("Other"),
      ...HOME,
      serverIds: [serverId(11), serverId(10)],
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("SERVER_IN_OTHER_GROUP");
    expect(res.body.error.message).toContain(owner);
    expect(res.body.error.details.conflicts).toEqual([
      expect.objectContaining({ serverId: serverId(10), groupName: owner }),
    ]);
  });

  test("an update with a stale version is a 409 and changes nothing", async () => {
    const g = (
      await s.post("/api/protection-groups", {
        groupName: uniqueName("Versioned"),
        ...HOME,
        serverIds: [serverId(20)],
      })
    ).body.data;
    const body = { groupName: g.groupName, ...HOME, serverIds: [serverId(20)], version: 1 };
    expect(
      (await s.put(`/api/protection-groups/${g.groupId}`, { ...body, description: "first" })).status,
    ).toBe(200);
    const stale = await s.put(`/api/protection-groups/${g.groupId}`, { ...body, description: "second" });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: "VERSION_CONFLICT", details: { currentVersion: 2 } });
    expect((await s.get(`/api/protection-groups/${g.groupId}`)).body.data.description).toBe("first");
  });

  test("deleting a group a recovery plan references is a 409 naming the plan", async () => {
    const g = (
      await s.post("/api/protection-groups", {
        groupName: uniqueName("Used"),
        ...HOME,
        serverIds: [serverId(30)],
      })
    ).body.data;
    const planName = uniqueName("Uses it");
    await s.post("/api/recovery-plans", {
      planName,
      waves: [{ waveNumber: 1, protectionGroupIds: [g.groupId] }],
    });
    const res = await s.del(`/api/protection-groups/${g.groupId}`);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("GROUP_IN_USE");
    expect(res.body.error.message).toContain(planName);
    expect((await s.get(`/api/protection-groups/${g.groupId}`)).status).toBe(200);
  });

  test("of 50 concurrent creates claiming the same server exactly one gets 201", async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        s.post("/api/protection-groups", { groupName: `Race ${i}`, ...HOME, serverIds: [serverId(50)] }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((x) => x === 201)).toHaveLength(1);
    expect(statuses.filter((x) => x === 409)).toHaveLength(49);
  });

  test("resolve previews the servers a tag selector matches and reports overlaps with explicit groups", async () => {
    const owner = uniqueName("Explicit web");
    await s.post("/api/protection-groups", { groupName: owner, ...HOME, serverIds: [serverId(60)] });
    const res = await s.post(
      "/api/protection-groups/resolve",
      { ...HOME, tagCriteria: { Tier: "web" } },
      { role: "DRSReadOnly" },
    );
    expect(res.status).toBe(200);
    expect(res.body.data.serverCount).toBe(100);
    const s60 = res.body.data.servers.find((x: { serverId: string }) => x.serverId === serverId(60));
    expect(s60.alsoInGroups).toEqual([expect.objectContaining({ groupName: owner })]);
  });

  test("lists paginate with limit and nextToken", async () => {
    const seen = new Set<string>();
    let token: string | undefined;
    let pages = 0;
    do {
      const res = await s.get(
        `/api/protection-groups?limit=3${token ? `&nextToken=${encodeURIComponent(token)}` : ""}`,
      );
      expect(res.status).toBe(200);
      expect(res.body.data.items.length).toBeLessThanOrEqual(3);
      for (const g of res.body.data.items) seen.add(g.groupId);
      token = res.body.data.nextToken;
      pages++;
    } while (token);
    const all = await s.get("/api/protection-groups?limit=1000");
    expect(seen.size).toBe(all.body.data.items.length);
    expect(pages).toBeGreaterThan(1);
    expect((await s.get("/api/protection-groups?nextToken=garbage")).status).toBe(400);
  });
});
