import { beforeEach, expect, test } from "vitest";
import {
  type ConfigStore,
  ConflictError,
  type ExecutionEvent,
  type ExecutionStore,
  evolve,
  type ProtectionGroup,
} from "../index";
import { audit, execution, finish, group, NOW, range, retried, sid } from "./store-contract-fixtures";

/**
 * Large groups and executions: DynamoDB cannot claim 300 servers in one transaction (100
 * actions), so these prove the chunked server claims behave like one atomic write, and that an
 * execution's claims end with it. Part of the ConfigStore contract (`describeConfigStoreContract`);
 * `stores()` gives the current test's pair.
 */
export function serverClaimTests(stores: () => { store: ConfigStore; executions: ExecutionStore }): void {
  let store: ConfigStore;
  let executions: ExecutionStore;
  beforeEach(() => {
    ({ store, executions } = stores());
  });

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
    await store.createProtectionGroup(group({ groupName: "Freed", serverIds: range(1000, 100) }), audit("c"));
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
    await store.createProtectionGroup(group({ groupName: "Fresh", serverIds: range(2650, 200) }), audit("c"));
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
    await store.createProtectionGroup(group({ groupName: "After the race", serverIds: servers }), audit("c"));
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
    expect((await executions.listUnfinished()).map((x) => x.executionId)).not.toContain(a.state.executionId);
  });

  test("a conflict in the third chunk of a 300-server execution leaves no claim behind", async () => {
    const holder = execution([sid(6200)]);
    await executions.create(holder.state, holder.first, holder.claims, audit("s", holder.state.executionId));
    const big = execution(range(6000, 300));
    const err = await executions
      .create(big.state, big.first, big.claims, audit("s", big.state.executionId))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "SERVER_IN_ACTIVE_EXECUTION" });
    expect((err as Error).message).toContain(holder.state.executionId);
    expect(await executions.get(big.state.executionId)).toBeUndefined();
    expect((await executions.get(holder.state.executionId))?.status).toBe(holder.state.status);
    const others = execution(range(6000, 300).filter((s) => s !== sid(6200)));
    await executions.create(others.state, others.first, others.claims, audit("s", others.state.executionId));
    expect((await executions.findConflicts(holder.claims)).map((c) => c.executionId)).toEqual([
      holder.state.executionId,
    ]);
  });
}
