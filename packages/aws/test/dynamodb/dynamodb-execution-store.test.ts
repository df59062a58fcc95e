import { randomUUID } from "node:crypto";
import { type AuditEntry, type ExecutionEvent, type ExecutionState, evolve, initialState } from "@drso/core";
// The engine's own test fixtures: a compiled plan as the starter would create it.
import { created, fleet } from "@drso/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoDbConfigStore } from "../../src/dynamodb/dynamodb-config-store";
import { DynamoDbExecutionStore } from "../../src/dynamodb/dynamodb-execution-store";
import { type DynamoDbLocal, startDynamoDbLocal } from "../../src/testing/dynamodb-local";

let local: DynamoDbLocal;
beforeAll(async () => {
  local = await startDynamoDbLocal();
});
afterAll(async () => {
  await local?.stop();
});

const audit = (action: string, resourceId: string): AuditEntry => ({
  auditId: randomUUID(),
  timestamp: new Date().toISOString(),
  actor: "alice",
  action,
  resourceType: "execution",
  resourceId,
});

/** A new execution over `servers`: its first event, state and claims. */
const execution = (servers = fleet(3)) => {
  const first = { ...created([{ servers }]), executionId: randomUUID() } as ExecutionEvent;
  const state = evolve(initialState(), first);
  const claims = Object.values(state.servers).map((s) => ({
    accountId: s.accountId,
    region: s.region,
    serverId: s.serverId,
  }));
  return { first, state, claims };
};

const withStore = async (
  test: (store: DynamoDbExecutionStore, fresh: () => DynamoDbExecutionStore) => Promise<void>,
) => {
  const { client, tables, drop } = await local.createTables();
  try {
    await test(new DynamoDbExecutionStore(client, tables), () => new DynamoDbExecutionStore(client, tables));
  } finally {
    await drop();
  }
};

describe("DynamoDB execution store", () => {
  it("stores an execution with its first event and lists it as unfinished (StatusIndex)", () =>
    withStore(async (store) => {
      const { first, state, claims } = execution();
      await store.create(state, first, claims, audit("StartExecution", state.executionId));
      expect(await store.get(state.executionId)).toEqual(state);
      expect(await store.events(state.executionId)).toEqual([{ seq: 1, event: first }]);
      expect((await store.listUnfinished()).map((s) => s.executionId)).toEqual([state.executionId]);
      expect((await store.list({}, { limit: 10 })).items.map((s) => s.executionId)).toEqual([
        state.executionId,
      ]);
    }));

  it("stores a 4,000-server execution whose first event is larger than a DynamoDB item as text", () =>
    withStore(async (store) => {
      const { first, state, claims } = execution(fleet(4000));
      expect(JSON.stringify(first).length).toBeGreaterThan(400 * 1024);
      // Only a few claims: the contract suite proves large claims; this is about the item size.
      await store.create(state, first, claims.slice(0, 10), audit("StartExecution", state.executionId));
      expect(await store.events(state.executionId)).toEqual([{ seq: 1, event: first }]);
      expect(await store.latestEvents(state.executionId, 1)).toEqual([{ seq: 1, event: first }]);
      expect(await store.get(state.executionId)).toEqual(state);
    }));

  it("refuses a second execution over a server an active one holds, naming it", () =>
    withStore(async (store) => {
      const a = execution(fleet(3));
      await store.create(a.state, a.first, a.claims, audit("StartExecution", a.state.executionId));
      const b = execution(fleet(2, 2));
      const err = await store
        .create(b.state, b.first, b.claims, audit("StartExecution", b.state.executionId))
        .catch((e: unknown) => e);
      expect(err).toMatchObject({ code: "SERVER_IN_ACTIVE_EXECUTION" });
      expect((err as Error).message).toContain(a.state.executionId);
      expect(await store.get(b.state.executionId)).toBeUndefined();
      expect((await store.findConflicts(b.claims)).map((c) => c.executionId)).toEqual([a.state.executionId]);
    }));

  it("appends events in order; a terminal state releases the servers and leaves the active index", () =>
    withStore(async (store) => {
      const a = execution();
      await store.create(a.state, a.first, a.claims, audit("StartExecution", a.state.executionId));
      const started: ExecutionEvent = { type: "ExecutionStarted", at: new Date().toISOString() };
      const running = evolve(a.state, started);
      await store.append(running, [started]);
      const cancelled: ExecutionState = { ...running, status: "CANCELLED" };
      const marker: ExecutionEvent = { type: "ExecutionStarted", at: new Date().toISOString() };
      await store.append(cancelled, [marker]);
      expect((await store.events(a.state.executionId, 1)).map((e) => e.seq)).toEqual([2, 3]);
      expect((await store.latestEvents(a.state.executionId, 2)).map((e) => e.seq)).toEqual([2, 3]);
      expect((await store.latestEvents(a.state.executionId, 10)).map((e) => e.seq)).toEqual([1, 2, 3]);
      expect(await store.listUnfinished()).toEqual([]);
      expect(await store.findConflicts(a.claims)).toEqual([]);
      const b = execution();
      await store.create(b.state, b.first, b.claims, audit("StartExecution", b.state.executionId));
      expect(
        (await store.list({ status: "CANCELLED" }, { limit: 10 })).items.map((s) => s.executionId),
      ).toEqual([a.state.executionId]);
    }));

  it("refuses an append decided from a stale state (another Tick advanced the execution)", () =>
    withStore(async (store, fresh) => {
      const a = execution();
      await store.create(a.state, a.first, a.claims, audit("StartExecution", a.state.executionId));
      const other = fresh();
      const mine = (await store.get(a.state.executionId)) as ExecutionState;
      const theirs = (await other.get(a.state.executionId)) as ExecutionState;
      const started: ExecutionEvent = { type: "ExecutionStarted", at: new Date().toISOString() };
      await other.append(evolve(theirs, started), [started]);
      await expect(store.append(evolve(mine, started), [started])).rejects.toMatchObject({
        code: "EXECUTION_CHANGED",
      });
      expect((await store.events(a.state.executionId)).length).toBe(2);
    }));

  it("deletes only finished executions, with their events", () =>
    withStore(async (store) => {
      const a = execution();
      await store.create(a.state, a.first, a.claims, audit("StartExecution", a.state.executionId));
      expect(await store.deleteTerminal([a.state.executionId], audit("DeleteExecutions", "bulk"))).toEqual(
        [],
      );
      await store.append({ ...a.state, status: "CANCELLED" }, [
        { type: "ExecutionStarted", at: new Date().toISOString() },
      ]);
      expect(await store.deleteTerminal([a.state.executionId], audit("DeleteExecutions", "bulk"))).toEqual([
        a.state.executionId,
      ]);
      expect(await store.get(a.state.executionId)).toBeUndefined();
      expect(await store.events(a.state.executionId)).toEqual([]);
    }));
});

// Plans keep `lastExecutionId` beside their document; the config store shows it.
describe("DynamoDB execution store and plans", () => {
  it("shows the last execution on the plan without changing its version", async () => {
    const { client, tables, drop } = await local.createTables();
    try {
      const config = new DynamoDbConfigStore(client, tables);
      const store = new DynamoDbExecutionStore(client, tables);
      const a = execution();
      const groupIds = [...new Set((a.state.planSnapshot?.waves ?? []).flatMap((w) => w.protectionGroupIds))];
      const now = new Date().toISOString();
      for (const groupId of groupIds) {
        await config.createProtectionGroup(
          {
            groupId,
            groupName: `G ${groupId}`,
            accountId: "111111111111",
            region: "us-east-1",
            tagCriteria: { Tier: "app" },
            serverCount: 0,
            version: 1,
            createdDate: now,
            lastModifiedDate: now,
            createdBy: "t",
            lastModifiedBy: "t",
          },
          audit("c", groupId),
        );
      }
      await config.createRecoveryPlan(
        {
          planId: a.state.planId,
          planName: a.state.planName,
          waves: [{ waveNumber: 1, protectionGroupIds: groupIds, pauseBeforeWave: false, onFailure: "STOP" }],
          version: 1,
          createdDate: now,
          lastModifiedDate: now,
          createdBy: "t",
          lastModifiedBy: "t",
        },
        audit("c", a.state.planId),
      );
      await store.create(a.state, a.first, a.claims, audit("StartExecution", a.state.executionId));
      expect(await config.getRecoveryPlan(a.state.planId)).toMatchObject({
        version: 1,
        lastExecutionId: a.state.executionId,
        lastExecutionStatus: a.state.status,
      });
    } finally {
      await drop();
    }
  });
});
