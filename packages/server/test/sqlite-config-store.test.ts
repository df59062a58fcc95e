import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AuditEntry, ProtectionGroup } from "@drso/core";
import { describeConfigStoreContract } from "@drso/core/testing";
import { describe, expect, test } from "vitest";
import { SqliteConfigStore } from "../src/store/sqlite-config-store";
import { openDatabase } from "../src/store/sqlite-database";
import { SqliteExecutionStore } from "../src/store/sqlite-execution-store";

describeConfigStoreContract("SQLite", async () => {
  const dir = await mkdtemp(join(tmpdir(), "drso-store-"));
  const db = openDatabase(dir);
  return {
    store: new SqliteConfigStore(db),
    executions: new SqliteExecutionStore(db),
    close: async () => {
      db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describe("SQLite list cache", () => {
  test("a list sees records written by another connection (e.g. the CLI) and by this one", async () => {
    const dir = await mkdtemp(join(tmpdir(), "drso-store-"));
    const dbA = openDatabase(dir);
    const dbB = openDatabase(dir);
    try {
      const a = new SqliteConfigStore(dbA);
      const b = new SqliteConfigStore(dbB);
      expect((await a.listProtectionGroups({ limit: 10 })).items).toHaveLength(0);
      await b.createProtectionGroup(group("from B"), audit());
      expect((await a.listProtectionGroups({ limit: 10 })).items.map((g) => g.groupName)).toEqual(["from B"]);
      await a.createProtectionGroup(group("from A"), audit());
      expect((await a.listProtectionGroups({ limit: 10 })).items).toHaveLength(2);
      const listed = (await a.listProtectionGroups({ limit: 10 })).items[0];
      expect(() => {
        (listed as { groupName: string }).groupName = "changed in place";
      }).toThrow(TypeError);
    } finally {
      dbA.close();
      dbB.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

const group = (groupName: string): ProtectionGroup => ({
  groupId: randomUUID(),
  groupName,
  accountId: "111111111111",
  region: "us-east-1",
  tagCriteria: { Tier: "web" },
  serverCount: 0,
  version: 1,
  createdDate: new Date().toISOString(),
  lastModifiedDate: new Date().toISOString(),
  createdBy: "test",
  lastModifiedBy: "test",
});
const audit = (): AuditEntry => ({
  auditId: randomUUID(),
  timestamp: new Date().toISOString(),
  actor: "test",
  action: "test",
  resourceType: "protection-group",
  resourceId: "x",
});
