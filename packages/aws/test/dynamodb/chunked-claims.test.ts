import { randomUUID } from "node:crypto";
import { type DynamoDBDocumentClient, QueryCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { type AuditEntry, type ExecutionEvent, evolve, initialState, type ProtectionGroup } from "@drso/core";
// The engine's own test fixtures: a compiled plan as the starter would create it.
import { created, fleet } from "@drso/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClaimLease } from "../../src/dynamodb/claim-lease";
import { DynamoDbConfigStore } from "../../src/dynamodb/dynamodb-config-store";
import { DynamoDbExecutionStore } from "../../src/dynamodb/dynamodb-execution-store";
import type { TableNames } from "../../src/dynamodb/table-schema";
import { type DynamoDbLocal, startDynamoDbLocal } from "../../src/testing/dynamodb-local";

/**
 * What happens when the process dies between the chunks of a large claim: the orphaned claims
 * block their servers only for the lease, then the next write sweeps them; an attempt that was
 * merely slow cannot commit once its claims were taken (the abort fence).
 */
let local: DynamoDbLocal;
beforeAll(async () => {
  local = await startDynamoDbLocal();
});
afterAll(async () => {
  await local?.stop();
});

const NOW = "2026-01-01T00:00:00.000Z";
const sid = (n: number) => `s-${n.toString(16).padStart(17, "0")}`;
const range = (first: number, count: number) => Array.from({ length: count }, (_, i) => sid(first + i));
const audit = (): AuditEntry => ({
  auditId: randomUUID(),
  timestamp: NOW,
  actor: "test",
  action: "test",
  resourceType: "protection-group",
  resourceId: "x",
});
const group = (groupName: string, serverIds: string[]): ProtectionGroup => ({
  groupId: randomUUID(),
  groupName,
  accountId: "111111111111",
  region: "us-east-1",
  serverIds,
  serverCount: serverIds.length,
  version: 1,
  createdDate: NOW,
  lastModifiedDate: NOW,
  createdBy: "test",
  lastModifiedBy: "test",
});

/** A clock the test moves, shared by every store of a test (the lease is one minute). */
const testLease = () => {
  const clock = { at: Date.now() };
  const lease: ClaimLease = { leaseMs: 60_000, now: () => clock.at };
  return { clock, lease };
};

type Send = DynamoDBDocumentClient["send"];
/**
 * Makes `client` die like a crashed Lambda: from the first TransactWriteItems that `dies` picks,
 * every call fails (so no rollback can run either).
 */
const crashing = (
  client: DynamoDBDocumentClient,
  dies: (write: TransactWriteCommand, n: number) => boolean,
) => {
  const send = client.send.bind(client) as Send;
  let dead = false;
  let n = 0;
  client.send = (async (command: Parameters<Send>[0]) => {
    if (command instanceof TransactWriteCommand && dies(command, ++n)) dead = true;
    if (dead) throw new Error("process died");
    return send(command);
  }) as Send;
};

const claimItems = async (client: DynamoDBDocumentClient, tables: TableNames, pk: string) => {
  const result = await client.send(
    new QueryCommand({
      TableName: pk === "SERVER" ? tables.config : tables.executions,
      KeyConditionExpression: "pk = :p",
      ExpressionAttributeValues: { ":p": pk },
    }),
  );
  return result.Items ?? [];
};

const withTables = async (
  test: (t: Awaited<ReturnType<DynamoDbLocal["createTables"]>>) => Promise<void>,
): Promise<void> => {
  const t = await local.createTables();
  try {
    await test(t);
  } finally {
    await t.drop();
  }
};

describe("chunked server claims under contention", () => {
  it(
    "of 50 concurrent 300-server creates one holds all 300 claim items and the losers left none",
    () =>
      withTables(async ({ client, tables }) => {
        const store = new DynamoDbConfigStore(client, tables);
        const racers = Array.from({ length: 50 }, (_, i) => group(`Racer ${i}`, range(7000, 300)));
        const results = await Promise.allSettled(racers.map((g) => store.createProtectionGroup(g, audit())));
        const winners = racers.filter((_, i) => results[i]?.status === "fulfilled");
        expect(winners).toHaveLength(1);
        const claims = await claimItems(client, tables, "SERVER");
        expect(claims).toHaveLength(300);
        expect(new Set(claims.map((c) => c.groupId))).toEqual(new Set([winners[0]?.groupId]));
      }),
    // 50 contending transactions of 99 items each: DynamoDB Local on a busy machine is slow at it.
    120_000,
  );
});

describe("chunked server claims after a crash", () => {
  it("claims orphaned by a crashed group create hold their servers for the lease, then are swept", () =>
    withTables(async ({ client, tables }) => {
      const { clock, lease } = testLease();
      const doomedClient = local.newClient();
      // Same tables, a client of its own that dies on its third transaction (two chunks written).
      const doomed = new DynamoDbConfigStore(doomedClient, tables, { claimLease: lease });
      crashing(doomedClient, (_, n) => n === 3);
      const lost = group("Lost", range(100, 300));
      await expect(doomed.createProtectionGroup(lost, audit())).rejects.toThrow("process died");
      const orphans = await claimItems(client, tables, "SERVER");
      expect(orphans).toHaveLength(198);
      expect(new Set(orphans.map((c) => c.attemptId)).size).toBe(1);

      const store = new DynamoDbConfigStore(client, tables, { claimLease: lease });
      const early = await store
        .createProtectionGroup(group("Too early", [sid(150)]), audit())
        .catch((e: unknown) => e);
      expect(early).toMatchObject({ code: "SERVER_IN_OTHER_GROUP" });
      expect((early as Error).message).toContain(lost.groupId);

      clock.at += 61_000;
      const heir = group("Heir", range(100, 300));
      await store.createProtectionGroup(heir, audit());
      const claims = await claimItems(client, tables, "SERVER");
      expect(claims).toHaveLength(300);
      expect(claims.every((c) => c.groupId === heir.groupId)).toBe(true);
      expect(await store.getProtectionGroup(lost.groupId)).toBeUndefined();
      doomedClient.destroy();
    }));

  it("a slow create whose claims were taken over cannot commit afterwards", () =>
    withTables(async ({ client, tables }) => {
      const { clock, lease } = testLease();
      const slowClient = local.newClient();
      let release: () => void = () => {};
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      let parked: () => void = () => {};
      const reachedCommit = new Promise<void>((resolve) => {
        parked = resolve;
      });
      const send = slowClient.send.bind(slowClient) as Send;
      slowClient.send = (async (command: Parameters<Send>[0]) => {
        const items = command instanceof TransactWriteCommand ? (command.input.TransactItems ?? []) : [];
        if (items.some((i) => i.ConditionCheck)) {
          parked();
          await gate;
        }
        return send(command);
      }) as Send;
      const slow = new DynamoDbConfigStore(slowClient, tables, { claimLease: lease });
      const slowGroup = group("Slow", range(500, 300));
      const slowly = slow.createProtectionGroup(slowGroup, audit()).catch((e: unknown) => e);
      await reachedCommit;

      clock.at += 61_000;
      const store = new DynamoDbConfigStore(client, tables, { claimLease: lease });
      // Only servers of its first chunks: what stops the slow commit is the abort fence alone.
      const fast = group("Fast", range(500, 100));
      await store.createProtectionGroup(fast, audit());
      release();
      expect(await slowly).toMatchObject({
        code: "CONCURRENT_WRITE",
        message: expect.stringContaining("taken over"),
      });
      expect(await store.getProtectionGroup(slowGroup.groupId)).toBeUndefined();
      // The slow attempt also took back the claims of its own it still had.
      const claims = await claimItems(client, tables, "SERVER");
      expect(claims).toHaveLength(100);
      expect(claims.every((c) => c.groupId === fast.groupId)).toBe(true);
      slowClient.destroy();
    }));

  it("claims a committed update failed to release are free at once (the group no longer lists them)", () =>
    withTables(async ({ client, tables }) => {
      const { lease } = testLease();
      const store = new DynamoDbConfigStore(client, tables, { claimLease: lease });
      const g = group("Mover", range(1000, 300));
      await store.createProtectionGroup(g, audit());
      const doomedClient = local.newClient();
      crashing(doomedClient, (write) =>
        (write.input.TransactItems ?? []).some((i) => i.Delete?.Key?.pk === "SERVER"),
      );
      const moved = { ...g, serverIds: range(2000, 300), version: 2 };
      // The update is committed before its releases run: their failure is not the caller's.
      await new DynamoDbConfigStore(doomedClient, tables, { claimLease: lease }).updateProtectionGroup(
        moved,
        1,
        audit(),
      );
      expect((await store.getProtectionGroup(g.groupId))?.version).toBe(2);
      expect(await claimItems(client, tables, "SERVER")).toHaveLength(600);
      // No lease to wait for: the leftovers belong to a version that no longer lists them.
      const taker = group("Taker", range(1000, 300));
      await store.createProtectionGroup(taker, audit());
      const claims = await claimItems(client, tables, "SERVER");
      expect(claims).toHaveLength(600);
      expect(claims.filter((c) => c.groupId === taker.groupId)).toHaveLength(300);
      doomedClient.destroy();
    }));

  it("claims of a crashed execution start are reported PENDING for the lease, then swept", () =>
    withTables(async ({ client, tables }) => {
      const { clock, lease } = testLease();
      const execution = (servers = fleet(300)) => {
        const first = { ...created([{ servers }]), executionId: randomUUID() } as ExecutionEvent;
        const state = evolve(initialState(), first);
        const claims = Object.values(state.servers).map((s) => ({
          accountId: s.accountId,
          region: s.region,
          serverId: s.serverId,
        }));
        return { first, state, claims };
      };
      const doomedClient = local.newClient();
      crashing(doomedClient, (_, n) => n === 2);
      const lost = execution();
      await expect(
        new DynamoDbExecutionStore(doomedClient, tables, { claimLease: lease }).create(
          lost.state,
          lost.first,
          lost.claims,
          audit(),
        ),
      ).rejects.toThrow("process died");
      expect(await claimItems(client, tables, "CLAIM")).toHaveLength(99);

      const store = new DynamoDbExecutionStore(client, tables, { claimLease: lease });
      const next = execution();
      const conflicts = await store.findConflicts(next.claims);
      expect(conflicts).toHaveLength(99);
      expect(conflicts[0]).toMatchObject({ executionId: lost.state.executionId, status: "PENDING" });
      await expect(store.create(next.state, next.first, next.claims, audit())).rejects.toMatchObject({
        code: "SERVER_IN_ACTIVE_EXECUTION",
      });

      clock.at += 61_000;
      expect(await store.findConflicts(next.claims)).toEqual([]);
      await store.create(next.state, next.first, next.claims, audit());
      const claims = await claimItems(client, tables, "CLAIM");
      expect(claims).toHaveLength(300);
      expect(claims.every((c) => c.executionId === next.state.executionId)).toBe(true);
      doomedClient.destroy();
    }));
});
