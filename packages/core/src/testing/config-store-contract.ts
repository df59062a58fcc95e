import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { created } from "../execution/testing/execution-specification";
import {
  type AuditEntry,
  type ConfigStore,
  ConflictError,
  type ExecutionEvent,
  type ExecutionState,
  type ExecutionStore,
  evolve,
  initialState,
  type ProtectionGroup,
  type RecoveryPlan,
  type ServerClaim,
  type SourceServer,
  type TargetAccount,
} from "../index";

/**
 * The behaviour every ConfigStore adapter must show (SQLite here, DynamoDB in packages/aws), and
 * the server claims of its ExecutionStore sibling on the same database. `makeStore` returns a
 * fresh, empty store pair and a `close` to release it.
 */
export function describeConfigStoreContract(
  name: string,
  makeStore: () => Promise<{
    store: ConfigStore;
    executions: ExecutionStore;
    close: () => Promise<void> | void;
  }>,
): void {
  describe(`ConfigStore contract: ${name}`, () => {
    let store: ConfigStore;
    let executions: ExecutionStore;
    let close: () => Promise<void> | void;
    beforeEach(async () => {
      ({ store, executions, close } = await makeStore());
    });
    afterEach(async () => {
      await close();
    });

    test("stores a protection group, returns it by id and writes an audit entry", async () => {
      const g = group({ groupName: "Web tier", serverIds: [sid(1), sid(2)] });
      await store.createProtectionGroup(g, audit("CreateProtectionGroup", g.groupId));
      expect(await store.getProtectionGroup(g.groupId)).toEqual(g);
      expect(await store.getProtectionGroup(randomUUID())).toBeUndefined();
      const log = await store.listAudit({ limit: 10, resourceId: g.groupId });
      expect(log.items.map((e) => e.action)).toEqual(["CreateProtectionGroup"]);
    });

    test("refuses a second group whose name differs only in case", async () => {
      await store.createProtectionGroup(group({ groupName: "Database" }), audit("c"));
      await expect(
        store.createProtectionGroup(group({ groupName: " database " }), audit("c")),
      ).rejects.toMatchObject({
        code: "DUPLICATE_NAME",
      });
    });

    test("refuses a server that already belongs to another group, naming that group", async () => {
      await store.createProtectionGroup(group({ groupName: "Owner", serverIds: [sid(7)] }), audit("c"));
      const err = await store
        .createProtectionGroup(group({ groupName: "Thief", serverIds: [sid(8), sid(7)] }), audit("c"))
        .catch((e: unknown) => e);
      expect(err).toMatchObject({ code: "SERVER_IN_OTHER_GROUP" });
      expect((err as Error).message).toContain("Owner");
      expect((await store.listProtectionGroups({ limit: 100 })).items).toHaveLength(1);
    });

    test("the same server id in another account or region is a different server", async () => {
      await store.createProtectionGroup(group({ groupName: "East", serverIds: [sid(9)] }), audit("c"));
      await store.createProtectionGroup(
        group({ groupName: "West", region: "us-west-2", serverIds: [sid(9)] }),
        audit("c"),
      );
      expect((await store.listProtectionGroups({ limit: 100 })).items).toHaveLength(2);
    });

    test("updates with the current version and refuses a stale one", async () => {
      const g = group({ groupName: "App", serverIds: [sid(1)] });
      await store.createProtectionGroup(g, audit("c"));
      const v2 = { ...g, description: "second", version: 2 };
      await store.updateProtectionGroup(v2, 1, audit("u"));
      expect((await store.getProtectionGroup(g.groupId))?.version).toBe(2);
      await expect(
        store.updateProtectionGroup({ ...g, description: "stale", version: 2 }, 1, audit("u")),
      ).rejects.toMatchObject({ code: "VERSION_CONFLICT" });
      expect((await store.getProtectionGroup(g.groupId))?.description).toBe("second");
    });

    test("an update releases servers the group no longer holds", async () => {
      const a = group({ groupName: "A", serverIds: [sid(1), sid(2)] });
      await store.createProtectionGroup(a, audit("c"));
      await store.updateProtectionGroup({ ...a, serverIds: [sid(1)], version: 2 }, 1, audit("u"));
      await store.createProtectionGroup(group({ groupName: "B", serverIds: [sid(2)] }), audit("c"));
      await expect(
        store.createProtectionGroup(group({ groupName: "C", serverIds: [sid(1)] }), audit("c")),
      ).rejects.toMatchObject({ code: "SERVER_IN_OTHER_GROUP" });
    });

    test("updating or deleting a record that does not exist is a 404", async () => {
      await expect(
        store.updateProtectionGroup(group({ groupName: "x" }), 1, audit("u")),
      ).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(store.deleteProtectionGroup(randomUUID(), audit("d"))).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
      await expect(store.deleteRecoveryPlan(randomUUID(), audit("d"))).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
    });

    test("refuses to delete a group a plan references, naming the plan; allows it after the plan is gone", async () => {
      const g = group({ groupName: "Referenced" });
      await store.createProtectionGroup(g, audit("c"));
      const p = plan({ planName: "DR plan", groupIds: [g.groupId] });
      await store.createRecoveryPlan(p, audit("c"));
      const err = await store.deleteProtectionGroup(g.groupId, audit("d")).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: "GROUP_IN_USE" });
      expect((err as Error).message).toContain("DR plan");
      await store.deleteRecoveryPlan(p.planId, audit("d"));
      await store.deleteProtectionGroup(g.groupId, audit("d"));
      expect(await store.getProtectionGroup(g.groupId)).toBeUndefined();
    });

    test("refuses a plan that references a group that does not exist", async () => {
      await expect(
        store.createRecoveryPlan(plan({ planName: "Orphan", groupIds: [randomUUID()] }), audit("c")),
      ).rejects.toMatchObject({ code: "UNKNOWN_PROTECTION_GROUP" });
    });

    test("plans: unique names, versioned updates", async () => {
      const g = group({ groupName: "G" });
      await store.createProtectionGroup(g, audit("c"));
      const p = plan({ planName: "Plan", groupIds: [g.groupId] });
      await store.createRecoveryPlan(p, audit("c"));
      await expect(
        store.createRecoveryPlan(plan({ planName: "PLAN", groupIds: [g.groupId] }), audit("c")),
      ).rejects.toMatchObject({ code: "DUPLICATE_NAME" });
      await store.updateRecoveryPlan({ ...p, description: "v2", version: 2 }, 1, audit("u"));
      await expect(store.updateRecoveryPlan({ ...p, version: 2 }, 1, audit("u"))).rejects.toMatchObject({
        code: "VERSION_CONFLICT",
      });
      expect((await store.getRecoveryPlan(p.planId))?.description).toBe("v2");
    });

    test("of 50 concurrent creates claiming the same server exactly one wins", async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, (_, i) =>
          store.createProtectionGroup(group({ groupName: `Racer ${i}`, serverIds: [sid(42)] }), audit("c")),
        ),
      );
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      for (const r of results) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(ConflictError);
      expect((await store.listProtectionGroups({ limit: 100 })).items).toHaveLength(1);
    });

    test("of 50 concurrent updates from the same version exactly one wins", async () => {
      const g = group({ groupName: "Contended" });
      await store.createProtectionGroup(g, audit("c"));
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, (_, i) =>
          store.updateProtectionGroup({ ...g, description: `writer ${i}`, version: 2 }, 1, audit("u")),
        ),
      );
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      expect((await store.getProtectionGroup(g.groupId))?.version).toBe(2);
    });

    test("lists page through every record exactly once", async () => {
      const ids: string[] = [];
      for (let i = 0; i < 25; i++) {
        const g = group({ groupName: `Group ${i}` });
        ids.push(g.groupId);
        await store.createProtectionGroup(g, audit("c"));
      }
      const seen: string[] = [];
      let nextToken: string | undefined;
      let pages = 0;
      do {
        const page = await store.listProtectionGroups({ limit: 10, ...(nextToken ? { nextToken } : {}) });
        seen.push(...page.items.map((g) => g.groupId));
        nextToken = page.nextToken;
        pages++;
      } while (nextToken);
      expect(pages).toBe(3);
      expect(seen.sort()).toEqual(ids.sort());
      const audits = await store.listAudit({ limit: 20 });
      expect(audits.items).toHaveLength(20);
      expect(audits.nextToken).toBeDefined();
    });

    test("records a change made elsewhere in the same audit log, newest first and by resource", async () => {
      const g = group({ groupName: "Audited" });
      await store.createProtectionGroup(g, audit("CreateProtectionGroup", g.groupId));
      const serverId = sid(77);
      const tags: AuditEntry = {
        ...audit("UpdateSourceServerTags", serverId),
        // Later timestamps keep the order defined when two writes share a millisecond.
        timestamp: "2026-01-01T00:00:01.000Z",
        resourceType: "source-server",
        details: { added: ["Tier"], changed: [], removed: [] },
      };
      await store.recordAudit(tags);
      await store.recordAudit({ ...audit("SendTestNotification"), timestamp: "2026-01-01T00:00:02.000Z" });
      expect((await store.listAudit({ limit: 10, resourceId: serverId })).items).toEqual([tags]);
      const all = await store.listAudit({ limit: 10 });
      expect(all.items.map((e) => e.action)).toEqual([
        "SendTestNotification",
        "UpdateSourceServerTags",
        "CreateProtectionGroup",
      ]);
    });

    test("target accounts: duplicate refused, stale version refused, delete", async () => {
      const a = account();
      await store.createTargetAccount(a, audit("c"));
      await expect(store.createTargetAccount(account(), audit("c"))).rejects.toBeInstanceOf(ConflictError);
      await store.updateTargetAccount({ ...a, accountName: "Renamed", version: 2 }, 1, audit("u"));
      await expect(store.updateTargetAccount({ ...a, version: 2 }, 1, audit("u"))).rejects.toMatchObject({
        code: "VERSION_CONFLICT",
      });
      expect((await store.listTargetAccounts()).map((x) => x.accountName)).toEqual(["Renamed"]);
      await store.deleteTargetAccount(a.accountId, audit("d"));
      expect(await store.getTargetAccount(a.accountId)).toBeUndefined();
    });

    test("settings start at version 1 with defaults and refuse a stale update", async () => {
      const s = await store.getSettings();
      expect(s.version).toBe(1);
      expect(s.quotas.maxConcurrentJobs).toBe(20);
      await store.updateSettings({ ...s, healthCheckTimeoutSeconds: 900, version: 2 }, 1, audit("u"));
      await expect(store.updateSettings({ ...s, version: 2 }, 1, audit("u"))).rejects.toBeInstanceOf(
        ConflictError,
      );
      expect((await store.getSettings()).healthCheckTimeoutSeconds).toBe(900);
    });

    test("import writes everything, or nothing when one record breaks a rule", async () => {
      const owner = group({ groupName: "Owner", serverIds: [sid(5)] });
      await store.createProtectionGroup(owner, audit("c"));
      const fresh = group({ groupName: "Fresh", serverIds: [sid(6)] });
      const thief = group({ groupName: "Thief", serverIds: [sid(5)] });
      const bad = { protectionGroups: [fresh, thief], recoveryPlans: [], targetAccounts: [account()] };
      await expect(store.importConfig(bad, audit("i"))).rejects.toBeInstanceOf(ConflictError);
      expect(await store.getProtectionGroup(fresh.groupId)).toBeUndefined();
      expect(await store.listTargetAccounts()).toEqual([]);

      const p = plan({ planName: "Imported", groupIds: [fresh.groupId, owner.groupId] });
      await store.importConfig(
        {
          protectionGroups: [fresh, { ...owner, description: "re-imported" }],
          recoveryPlans: [p],
          targetAccounts: [],
        },
        audit("i"),
      );
      expect((await store.getProtectionGroup(fresh.groupId))?.version).toBe(1);
      expect(await store.getProtectionGroup(owner.groupId)).toMatchObject({
        version: 2,
        description: "re-imported",
      });
      expect((await store.getRecoveryPlan(p.planId))?.planName).toBe("Imported");
    });

    // Large groups and executions: DynamoDB cannot claim 300 servers in one transaction (100
    // actions), so these prove the chunked claims behave like one atomic write.

    test("a group of 300 servers is created, moved to another 300 and deleted; its claims follow", async () => {
      const big = group({ groupName: "Big", serverIds: range(1000, 300) });
      await store.createProtectionGroup(big, audit("c", big.groupId));
      expect(await store.getProtectionGroup(big.groupId)).toEqual(big);
      const taken = await store
        .createProtectionGroup(group({ groupName: "Late", serverIds: [sid(1299)] }), audit("c"))
        .catch((e: unknown) => e);
      expect(taken).toMatchObject({ code: "SERVER_IN_OTHER_GROUP" });
      expect((taken as Error).message).toContain("Big");

      const moved = { ...big, serverIds: range(1100, 300), serverCount: 300, version: 2 };
      await store.updateProtectionGroup(moved, 1, audit("u", big.groupId));
      expect(await store.getProtectionGroup(big.groupId)).toEqual(moved);
      // The 100 servers it gave up are free; the 100 it added are its own.
      await store.createProtectionGroup(
        group({ groupName: "Freed", serverIds: range(1000, 100) }),
        audit("c"),
      );
      await expect(
        store.createProtectionGroup(group({ groupName: "Added", serverIds: [sid(1399)] }), audit("c")),
      ).rejects.toMatchObject({ code: "SERVER_IN_OTHER_GROUP" });

      await store.deleteProtectionGroup(big.groupId, audit("d", big.groupId));
      const after = group({ groupName: "After", serverIds: range(1100, 300) });
      await store.createProtectionGroup(after, audit("c"));
      expect((await store.listProtectionGroups({ limit: 10 })).items.map((g) => g.groupName).sort()).toEqual([
        "After",
        "Freed",
      ]);
    });

    test("a conflict in the third chunk of a 300-server group leaves no claim behind", async () => {
      const owner = group({ groupName: "Owner", serverIds: [sid(2200)] });
      await store.createProtectionGroup(owner, audit("c"));
      // sid(2200) is the 201st server in key order: past the first two chunks of 99.
      const big = group({ groupName: "Big", serverIds: range(2000, 300) });
      const err = await store.createProtectionGroup(big, audit("c")).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: "SERVER_IN_OTHER_GROUP" });
      expect((err as Error).message).toContain("Owner");
      expect(await store.getProtectionGroup(big.groupId)).toBeUndefined();
      expect(await store.getProtectionGroup(owner.groupId)).toEqual(owner);
      // The 299 others are free for someone else; the owner keeps its server.
      const others = range(2000, 300).filter((s) => s !== sid(2200));
      await store.createProtectionGroup(group({ groupName: "Others", serverIds: others }), audit("c"));
      await expect(
        store.createProtectionGroup(group({ groupName: "Again", serverIds: [sid(2200)] }), audit("c")),
      ).rejects.toMatchObject({ code: "SERVER_IN_OTHER_GROUP" });
    });

    test("a failed update of a 300-server group keeps its servers and frees none", async () => {
      const g = group({ groupName: "Stable", serverIds: range(2500, 150) });
      await store.createProtectionGroup(g, audit("c"));
      const blocker = group({ groupName: "Blocker", serverIds: [sid(2850)] });
      await store.createProtectionGroup(blocker, audit("c"));
      const grown = { ...g, serverIds: range(2500, 400), serverCount: 400, version: 2 };
      await expect(store.updateProtectionGroup(grown, 1, audit("u"))).rejects.toMatchObject({
        code: "SERVER_IN_OTHER_GROUP",
      });
      expect(await store.getProtectionGroup(g.groupId)).toEqual(g);
      // Neither the servers it tried to add stay claimed, nor the ones it had are lost.
      await store.createProtectionGroup(
        group({ groupName: "Fresh", serverIds: range(2650, 200) }),
        audit("c"),
      );
      await expect(
        store.createProtectionGroup(group({ groupName: "Thief", serverIds: [sid(2501)] }), audit("c")),
      ).rejects.toMatchObject({ code: "SERVER_IN_OTHER_GROUP" });
    });

    test("of 50 concurrent creates of the same 300 servers exactly one wins and no claim is left over", async () => {
      const servers = range(3000, 300);
      const racers = Array.from({ length: 50 }, (_, i) =>
        group({ groupName: `Large racer ${i}`, serverIds: servers }),
      );
      const results = await Promise.allSettled(racers.map((g) => store.createProtectionGroup(g, audit("c"))));
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      for (const r of results) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(ConflictError);
      const winners = (await store.listProtectionGroups({ limit: 100 })).items;
      expect(winners).toHaveLength(1);
      const winner = winners[0] as ProtectionGroup;
      await store.deleteProtectionGroup(winner.groupId, audit("d"));
      // Every server is free again: no loser left a claim behind.
      await store.createProtectionGroup(
        group({ groupName: "After the race", serverIds: servers }),
        audit("c"),
      );
    }, 120_000); // 50 contending 300-server writes: slow on DynamoDB Local when the machine is busy

    test("a 300-server execution holds every server until it finishes; its retry claims them again", async () => {
      const a = execution(range(4000, 300));
      await executions.create(a.state, a.first, a.claims, audit("StartExecution", a.state.executionId));
      const b = execution([sid(4299), sid(5000)]);
      const err = await executions
        .create(b.state, b.first, b.claims, audit("StartExecution", b.state.executionId))
        .catch((e: unknown) => e);
      expect(err).toMatchObject({ code: "SERVER_IN_ACTIVE_EXECUTION" });
      expect((await executions.findConflicts(b.claims)).map((c) => [c.serverId, c.executionId])).toEqual([
        [sid(4299), a.state.executionId],
      ]);

      const finished = finish(a.state);
      await executions.append(finished.state, finished.events);
      expect(await executions.findConflicts(a.claims)).toEqual([]);
      const c = execution(range(4000, 300));
      await executions.create(c.state, c.first, c.claims, audit("StartExecution", c.state.executionId));
      // A retry of the first now needs servers the second holds: refused, nothing changes.
      const retry = retried(finished.state);
      await expect(executions.append(retry.state, retry.events)).rejects.toBeInstanceOf(ConflictError);
      expect((await executions.get(a.state.executionId))?.status).toBe("CANCELLED");
      const done = finish(c.state);
      await executions.append(done.state, done.events);
      await executions.append(retry.state, retry.events);
      expect((await executions.findConflicts(a.claims)).map((x) => x.executionId)).toEqual(
        a.claims.map(() => a.state.executionId),
      );
    });

    test("a force cancel releases the servers at once although DRS jobs were in flight", async () => {
      const a = execution([sid(7000), sid(7001)]);
      await executions.create(a.state, a.first, a.claims, audit("StartExecution", a.state.executionId));
      const events: ExecutionEvent[] = [
        { type: "ExecutionStarted", at: NOW },
        { type: "CancelRequested", at: NOW, actor: "test" },
        { type: "ExecutionForceCancelled", at: NOW, actor: "admin", reason: "force-cancelled by admin" },
      ];
      await executions.append(events.reduce(evolve, a.state), events);
      expect(await executions.findConflicts(a.claims)).toEqual([]);
      const stored = await executions.get(a.state.executionId);
      expect(stored).toMatchObject({ status: "CANCELLED", cancellation: { forcedBy: "admin" } });
      expect((await executions.listUnfinished()).map((x) => x.executionId)).not.toContain(
        a.state.executionId,
      );
    });

    test("a conflict in the third chunk of a 300-server execution leaves no claim behind", async () => {
      const holder = execution([sid(6200)]);
      await executions.create(
        holder.state,
        holder.first,
        holder.claims,
        audit("s", holder.state.executionId),
      );
      const big = execution(range(6000, 300));
      const err = await executions
        .create(big.state, big.first, big.claims, audit("s", big.state.executionId))
        .catch((e: unknown) => e);
      expect(err).toMatchObject({ code: "SERVER_IN_ACTIVE_EXECUTION" });
      expect((err as Error).message).toContain(holder.state.executionId);
      expect(await executions.get(big.state.executionId)).toBeUndefined();
      expect((await executions.get(holder.state.executionId))?.status).toBe(holder.state.status);
      const others = execution(range(6000, 300).filter((s) => s !== sid(6200)));
      await executions.create(
        others.state,
        others.first,
        others.claims,
        audit("s", others.state.executionId),
      );
      expect((await executions.findConflicts(holder.claims)).map((c) => c.executionId)).toEqual([
        holder.state.executionId,
      ]);
    });
  });
}

const NOW = "2026-01-01T00:00:00.000Z";
export const sid = (n: number) => `s-${n.toString(16).padStart(17, "0")}`;
/** `count` consecutive server ids from `first` (they sort in the same order as their numbers). */
const range = (first: number, count: number) => Array.from({ length: count }, (_, i) => sid(first + i));

/** A new execution of one wave over `serverIds`: its first event, state and server claims. */
function execution(serverIds: string[]): {
  first: ExecutionEvent;
  state: ExecutionState;
  claims: ServerClaim[];
} {
  const servers: SourceServer[] = serverIds.map((serverId) => ({
    serverId,
    hostname: `host-${serverId}`,
    accountId: "111111111111",
    region: "us-east-1",
    replicationState: "CONTINUOUS",
    tags: {},
  }));
  const first = created([{ servers }], { executionId: randomUUID(), planId: randomUUID() });
  const claims = servers.map(({ accountId, region, serverId }) => ({ accountId, region, serverId }));
  return { first, state: evolve(initialState(), first), claims };
}

/** Start and cancel: the events that take an execution to CANCELLED. */
function finish(state: ExecutionState): { state: ExecutionState; events: ExecutionEvent[] } {
  const events: ExecutionEvent[] = [
    { type: "ExecutionStarted", at: NOW },
    { type: "CancelRequested", at: NOW, actor: "test" },
    { type: "ExecutionFinished", at: NOW, status: "CANCELLED" },
  ];
  return { state: events.reduce(evolve, state), events };
}

/** A retry: the finished execution becomes active again and must hold its servers again. */
function retried(state: ExecutionState): { state: ExecutionState; events: ExecutionEvent[] } {
  const events: ExecutionEvent[] = [
    { type: "RetryStarted", at: NOW, actor: "test", attempt: 2, batches: [] },
  ];
  return { state: events.reduce(evolve, state), events };
}

function group(o: Partial<ProtectionGroup> & { groupName: string }): ProtectionGroup {
  const serverIds = o.serverIds ?? (o.tagCriteria ? undefined : [sid(Math.floor(Math.random() * 2 ** 40))]);
  return {
    groupId: randomUUID(),
    accountId: "111111111111",
    region: "us-east-1",
    ...(serverIds ? { serverIds } : {}),
    serverCount: serverIds?.length ?? 0,
    version: 1,
    createdDate: NOW,
    lastModifiedDate: NOW,
    createdBy: "test",
    lastModifiedBy: "test",
    ...o,
  };
}

function plan(o: { planName: string; groupIds: string[] }): RecoveryPlan {
  return {
    planId: randomUUID(),
    planName: o.planName,
    waves: [{ waveNumber: 1, protectionGroupIds: o.groupIds, pauseBeforeWave: false, onFailure: "STOP" }],
    version: 1,
    createdDate: NOW,
    lastModifiedDate: NOW,
    createdBy: "test",
    lastModifiedBy: "test",
  };
}

function account(): TargetAccount {
  return {
    accountId: "222222222222",
    accountName: "Target",
    roleArn: "arn:aws:iam::222222222222:role/DRSOrchestrationCrossAccountRole",
    externalId: "drso-demo-external-id",
    regions: ["us-east-1"],
    validated: false,
    version: 1,
    createdDate: NOW,
    lastModifiedDate: NOW,
    createdBy: "test",
    lastModifiedBy: "test",
  };
}

function audit(action: string, resourceId: string = randomUUID()): AuditEntry {
  return {
    auditId: randomUUID(),
    timestamp: NOW,
    actor: "test",
    action,
    resourceType: "protection-group",
    resourceId,
  };
}
