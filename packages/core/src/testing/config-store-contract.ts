import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { type AuditEntry, type ConfigStore, ConflictError, type ExecutionStore } from "../index";
import { serverClaimTests } from "./server-claims-contract";
import { account, audit, group, plan, sid } from "./store-contract-fixtures";

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

    serverClaimTests(() => ({ store, executions }));
  });
}
