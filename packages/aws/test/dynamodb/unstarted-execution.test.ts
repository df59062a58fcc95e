import { randomUUID } from "node:crypto";
import { type AuditEntry, type ExecutionEvent, evolve, initialState } from "@drso/core";
// The engine's own test fixtures: a compiled plan as the starter would create it.
import { created, fleet } from "@drso/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoDbExecutionStore } from "../../src/dynamodb/dynamodb-execution-store";
import { failUnstartedExecution } from "../../src/step-functions/unstarted-execution";
import { type DynamoDbLocal, startDynamoDbLocal } from "../../src/testing/dynamodb-local";

let local: DynamoDbLocal;
beforeAll(async () => {
  local = await startDynamoDbLocal();
});
afterAll(async () => {
  await local?.stop();
});

const audit = (id: string): AuditEntry => ({
  auditId: randomUUID(),
  timestamp: new Date().toISOString(),
  actor: "alice",
  action: "StartExecution",
  resourceType: "execution",
  resourceId: id,
});
const now = () => new Date("2026-03-01T12:00:00Z");

describe("an execution whose Step Functions loop could not be started", () => {
  it("is marked FAILED with the reason on its batches and waves, and its servers are free again", async () => {
    const { client, tables, drop } = await local.createTables();
    try {
      const store = new DynamoDbExecutionStore(client, tables);
      const first = {
        ...created([{ servers: fleet(3) }, { servers: fleet(2, 3) }]),
        executionId: randomUUID(),
      } as ExecutionEvent;
      const state = evolve(initialState(), first);
      const claims = Object.values(state.servers).map(({ accountId, region, serverId }) => ({
        accountId,
        region,
        serverId,
      }));
      await store.create(state, first, claims, audit(state.executionId));

      const reason =
        "The Step Functions loop of this execution could not be started (AccessDeniedException: no)";
      expect(await failUnstartedExecution(store, state.executionId, reason, now)).toBe("failed");
      const failed = await store.get(state.executionId);
      expect(failed?.status).toBe("FAILED");
      expect(failed?.waves.map((w) => w.status)).toEqual(["FAILED", "FAILED"]);
      expect(Object.values(failed?.servers ?? {}).every((s) => s.error === reason)).toBe(true);
      expect(await store.findConflicts(claims)).toEqual([]);
      expect(await store.listUnfinished()).toEqual([]);
    } finally {
      await drop();
    }
  });

  it("is left to its loop when a Tick already moved it (StartExecution ran despite the error)", async () => {
    const { client, tables, drop } = await local.createTables();
    try {
      const store = new DynamoDbExecutionStore(client, tables);
      const first = { ...created([{ servers: fleet(2) }]), executionId: randomUUID() } as ExecutionEvent;
      const state = evolve(initialState(), first);
      const claims = Object.values(state.servers).map(({ accountId, region, serverId }) => ({
        accountId,
        region,
        serverId,
      }));
      await store.create(state, first, claims, audit(state.executionId));
      // The API's store read the new execution; then the loop's first Tick moved it on.
      const apiStore = new DynamoDbExecutionStore(client, tables);
      await apiStore.get(state.executionId);
      const tick: ExecutionEvent = { type: "ExecutionStarted", at: now().toISOString() };
      await new DynamoDbExecutionStore(client, tables).append(evolve(state, tick), [tick]);

      expect(await failUnstartedExecution(apiStore, state.executionId, "unused", now)).toBe("running");
      expect((await store.get(state.executionId))?.status).toBe("RUNNING");
      expect(await store.findConflicts(claims)).toHaveLength(2);
    } finally {
      await drop();
    }
  });
});
