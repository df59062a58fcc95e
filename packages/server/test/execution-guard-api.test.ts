import { ConflictError } from "@drso/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  InMemorySourceServerCatalog,
  serverId,
  sourceServers,
} from "./support/in-memory-source-server-catalog";
import { startTestServer, type TestServer } from "./support/test-server";

/** The runner plugs an ExecutionGuard into the app; the routes must consult it before writing. */
const HOME = { accountId: "111111111111", region: "us-east-1" };
const busy = new Set<string>();
let s: TestServer;

beforeAll(async () => {
  s = await startTestServer({
    catalog: new InMemorySourceServerCatalog(sourceServers(1, 5, HOME)),
    configure: (deps) => {
      deps.executionGuard = {
        assertGroupNotInActiveExecution: async (id) => {
          if (busy.has(id))
            throw new ConflictError("GROUP_IN_ACTIVE_EXECUTION", "used by execution e-1", { id });
        },
        assertPlanNotInActiveExecution: async (id) => {
          if (busy.has(id))
            throw new ConflictError("PLAN_IN_ACTIVE_EXECUTION", "execution e-1 is running", { id });
        },
      };
    },
  });
});
afterAll(() => s.close());

describe("records used by an active execution", () => {
  test("a group in an active execution can be neither updated nor deleted", async () => {
    const g = (
      await s.post("/api/protection-groups", { groupName: "busy", ...HOME, serverIds: [serverId(1)] })
    ).body.data;
    busy.add(g.groupId);
    const update = await s.put(`/api/protection-groups/${g.groupId}`, {
      groupName: "busy",
      ...HOME,
      serverIds: [serverId(2)],
      version: 1,
    });
    expect(update.status).toBe(409);
    expect(update.body.error.code).toBe("GROUP_IN_ACTIVE_EXECUTION");
    expect((await s.del(`/api/protection-groups/${g.groupId}`)).status).toBe(409);
    expect((await s.get(`/api/protection-groups/${g.groupId}`)).body.data).toMatchObject({
      version: 1,
      serverIds: [serverId(1)],
    });
    busy.delete(g.groupId);
    expect((await s.del(`/api/protection-groups/${g.groupId}`)).status).toBe(204);
  });

  test("a plan with an active execution can be neither updated nor deleted", async () => {
    const g = (await s.post("/api/protection-groups", { groupName: "g", ...HOME, serverIds: [serverId(3)] }))
      .body.data;
    const p = (
      await s.post("/api/recovery-plans", {
        planName: "running",
        waves: [{ waveNumber: 1, protectionGroupIds: [g.groupId] }],
      })
    ).body.data;
    busy.add(p.planId);
    const update = await s.put(`/api/recovery-plans/${p.planId}`, {
      planName: "renamed",
      waves: p.waves,
      version: 1,
    });
    expect(update.status).toBe(409);
    expect(update.body.error.code).toBe("PLAN_IN_ACTIVE_EXECUTION");
    expect((await s.del(`/api/recovery-plans/${p.planId}`)).status).toBe(409);
    expect((await s.get(`/api/recovery-plans/${p.planId}`)).body.data.planName).toBe("running");
  });
});

describe("health when the store fails", () => {
  test("answers 503 degraded, naming the store problem", async () => {
    const broken = await startTestServer();
    try {
      broken.db.close();
      const res = await broken.get("/api/health", { role: null });
      expect(res.status).toBe(503);
      expect(res.body.data.status).toBe("degraded");
      expect(res.body.data.store).not.toBe("ok");
    } finally {
      await broken.close();
    }
  });
});
