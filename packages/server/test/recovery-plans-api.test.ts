import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  InMemorySourceServerCatalog,
  serverId,
  sourceServers,
} from "./support/in-memory-source-server-catalog";
import { startTestServer, type TestServer } from "./support/test-server";

const HOME = { accountId: "111111111111", region: "us-east-1" };
let s: TestServer;
const groups: string[] = [];

beforeAll(async () => {
  s = await startTestServer({ catalog: new InMemorySourceServerCatalog(sourceServers(1, 10, HOME)) });
  for (const tier of ["database", "app", "web", "batch"]) {
    const res = await s.post("/api/protection-groups", {
      groupName: tier,
      ...HOME,
      serverIds: [serverId(groups.length + 1)],
    });
    groups.push(res.body.data.groupId);
  }
});
afterAll(() => s.close());

const wave = (waveNumber: number, groupIndex: number, dependsOnWaves?: number[]) => ({
  waveNumber,
  waveName: `Wave ${waveNumber}`,
  protectionGroupIds: [groups[groupIndex]],
  ...(dependsOnWaves ? { dependsOnWaves } : {}),
});

describe("recovery plans over HTTP", () => {
  test("create, get, list, update and delete with the API's field names", async () => {
    const created = await s.post("/api/recovery-plans", {
      planName: "Three tier",
      description: "db, then app, then web",
      rtoTargetMinutes: 60,
      waves: [wave(1, 0), wave(2, 1), { ...wave(3, 2), pauseBeforeWave: true, onFailure: "CONTINUE" }],
    });
    expect(created.status).toBe(201);
    const p = created.body.data;
    expect(p).toMatchObject({
      planName: "Three tier",
      description: "db, then app, then web",
      rtoTargetMinutes: 60,
      version: 1,
      createdBy: "DRSOrchestrationAdmin",
    });
    expect(p.waves[0]).toEqual({
      waveNumber: 1,
      waveName: "Wave 1",
      protectionGroupIds: [groups[0]],
      pauseBeforeWave: false,
      onFailure: "STOP",
    });
    expect(p.waves[2]).toMatchObject({ pauseBeforeWave: true, onFailure: "CONTINUE" });
    expect((await s.get(`/api/recovery-plans/${p.planId}`)).body.data).toEqual(p);
    expect(
      (await s.get("/api/recovery-plans")).body.data.items.map((x: { planId: string }) => x.planId),
    ).toContain(p.planId);

    const updated = await s.put(`/api/recovery-plans/${p.planId}`, {
      planName: "Three tier",
      waves: [wave(1, 0), wave(2, 1)],
      version: 1,
    });
    expect(updated.status).toBe(200);
    expect(updated.body.data).toMatchObject({ version: 2 });
    expect(updated.body.data.waves).toHaveLength(2);
    const stale = await s.put(`/api/recovery-plans/${p.planId}`, {
      planName: "x",
      waves: [wave(1, 0)],
      version: 1,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe("VERSION_CONFLICT");

    expect((await s.del(`/api/recovery-plans/${p.planId}`)).status).toBe(204);
    expect((await s.get(`/api/recovery-plans/${p.planId}`)).status).toBe(404);
  });

  test("accepts waves 1 → 2 → 3 given explicitly", async () => {
    const res = await s.post("/api/recovery-plans", {
      planName: "Chain",
      waves: [wave(1, 0, []), wave(2, 1, [1]), wave(3, 2, [2])],
    });
    expect(res.status).toBe(201);
    expect(res.body.data.waves.map((w: { dependsOnWaves: number[] }) => w.dependsOnWaves)).toEqual([
      [],
      [1],
      [2],
    ]);
  });

  test("accepts a diamond: 2 and 3 depend on 1, 4 on 2 and 3", async () => {
    const res = await s.post("/api/recovery-plans", {
      planName: "Diamond",
      waves: [wave(1, 0, []), wave(2, 1, [1]), wave(3, 2, [1]), wave(4, 3, [2, 3])],
    });
    expect(res.status).toBe(201);
  });

  test("refuses a dependency cycle with WAVE_CYCLE naming the waves", async () => {
    const res = await s.post("/api/recovery-plans", {
      planName: "Cycle",
      waves: [wave(1, 0, []), wave(2, 1, [3]), wave(3, 2, [2])],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("WAVE_CYCLE");
    expect(res.body.error.details.cycle).toEqual([2, 3, 2]);
    expect(res.body.error.message).toContain("2 → 3 → 2");
  });

  test("refuses a wave that depends on a missing wave, on itself, or repeats a number", async () => {
    const missing = await s.post("/api/recovery-plans", { planName: "Missing", waves: [wave(1, 0, [7])] });
    expect(missing.body.error.code).toBe("UNKNOWN_WAVE_DEPENDENCY");
    const self = await s.post("/api/recovery-plans", { planName: "Self", waves: [wave(1, 0, [1])] });
    expect(self.body.error.code).toBe("WAVE_SELF_DEPENDENCY");
    const dup = await s.post("/api/recovery-plans", { planName: "Dup", waves: [wave(1, 0), wave(1, 1)] });
    expect(dup.body.error.code).toBe("DUPLICATE_WAVE_NUMBER");
    expect([missing.status, self.status, dup.status]).toEqual([400, 400, 400]);
  });

  test("refuses a wave that references a protection group that does not exist", async () => {
    const unknown = randomUUID();
    const res = await s.post("/api/recovery-plans", {
      planName: "Unknown group",
      waves: [{ waveNumber: 1, protectionGroupIds: [unknown] }],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("UNKNOWN_PROTECTION_GROUP");
    expect(res.body.error.details.protectionGroupIds).toEqual([unknown]);
  });

  test("a duplicate plan name is a 409", async () => {
    await s.post("/api/recovery-plans", { planName: "Twice", waves: [wave(1, 0)] });
    const dup = await s.post("/api/recovery-plans", { planName: "twice", waves: [wave(1, 1)] });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe("DUPLICATE_NAME");
  });
});
