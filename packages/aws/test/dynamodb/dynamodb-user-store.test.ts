import { randomUUID } from "node:crypto";
import type { AuditEntry, UserRecord } from "@drso/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoDbConfigStore } from "../../src/dynamodb/dynamodb-config-store";
import { DynamoDbUserStore } from "../../src/dynamodb/dynamodb-user-store";
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
  actor: "admin",
  action,
  resourceType: "user",
  resourceId,
});
const user = (username: string): UserRecord => ({
  username,
  roles: ["DRSOperator"],
  passwordHash: "scrypt$x",
  createdDate: new Date().toISOString(),
});

describe("DynamoDB user store", () => {
  it("creates, lists and deletes users, refusing duplicates, and audits each change", async () => {
    const { client, tables, drop } = await local.createTables();
    try {
      const users = new DynamoDbUserStore(client, tables);
      await users.createUser(user("alice"), audit("CreateUser", "alice"));
      await expect(users.createUser(user("alice"), audit("CreateUser", "alice"))).rejects.toMatchObject({
        code: "DUPLICATE_USER",
      });
      await users.createUser(user("bob"), audit("CreateUser", "bob"));
      expect((await users.listUsers()).map((u) => u.username).sort()).toEqual(["alice", "bob"]);
      expect(await users.getUser("alice")).toMatchObject({ username: "alice", roles: ["DRSOperator"] });
      await users.deleteUser("alice", audit("DeleteUser", "alice"));
      expect(await users.getUser("alice")).toBeUndefined();
      await expect(users.deleteUser("alice", audit("DeleteUser", "alice"))).rejects.toMatchObject({
        code: "NOT_FOUND",
      });

      const log = await new DynamoDbConfigStore(client, tables).listAudit({ limit: 10, resourceId: "alice" });
      expect(log.items.map((e) => e.action)).toEqual(["DeleteUser", "CreateUser"]);
    } finally {
      await drop();
    }
  });

  it("stores API keys by id and lists them", async () => {
    const { client, tables, drop } = await local.createTables();
    try {
      const users = new DynamoDbUserStore(client, tables);
      const key = {
        keyId: "k1",
        name: "ci",
        roles: ["DRSReadOnly" as const],
        secretHash: "h",
        createdDate: new Date().toISOString(),
        createdBy: "admin",
      };
      await users.createApiKey(key, audit("CreateApiKey", "k1"));
      expect(await users.getApiKey("k1")).toEqual(key);
      expect(await users.listApiKeys()).toEqual([key]);
      expect(await users.getApiKey("nope")).toBeUndefined();
    } finally {
      await drop();
    }
  });

  it("updates a user atomically (concurrent changes all apply), refusing a missing one", async () => {
    const { client, tables, drop } = await local.createTables();
    try {
      const users = new DynamoDbUserStore(client, tables);
      await users.createUser(user("carol"), audit("CreateUser", "carol"));
      await Promise.all(
        Array.from({ length: 5 }, () =>
          users.updateUser(
            "carol",
            (u) => ({ ...u, tokenGeneration: (u.tokenGeneration ?? 0) + 1 }),
            undefined,
          ),
        ),
      );
      expect((await users.getUser("carol"))?.tokenGeneration).toBe(5);
      await users.updateUser(
        "carol",
        (u) => ({ ...u, passwordHash: "scrypt$y" }),
        audit("ChangePassword", "carol"),
      );
      const log = await new DynamoDbConfigStore(client, tables).listAudit({ limit: 10, resourceId: "carol" });
      expect(log.items.map((e) => e.action)).toEqual(["ChangePassword", "CreateUser"]);
      await expect(users.updateUser("nobody", (u) => u, undefined)).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
    } finally {
      await drop();
    }
  });

  it("revokes API keys and records their last use", async () => {
    const { client, tables, drop } = await local.createTables();
    try {
      const users = new DynamoDbUserStore(client, tables);
      const key = {
        keyId: "k2",
        name: "ci",
        roles: ["DRSReadOnly" as const],
        secretHash: "h",
        createdDate: new Date().toISOString(),
        createdBy: "admin",
        expiresAt: "2030-01-01T00:00:00.000Z",
      };
      await users.createApiKey(key, audit("CreateApiKey", "k2"));
      await users.touchApiKey("k2", "2026-12-02T10:00:00.000Z");
      await users.touchApiKey("gone", "2026-12-02T10:00:00.000Z");
      expect(await users.getApiKey("k2")).toEqual({ ...key, lastUsedAt: "2026-12-02T10:00:00.000Z" });
      expect((await users.listApiKeys())[0]?.lastUsedAt).toBe("2026-12-02T10:00:00.000Z");
      await users.deleteApiKey("k2", audit("RevokeApiKey", "k2"));
      expect(await users.getApiKey("k2")).toBeUndefined();
      await expect(users.deleteApiKey("k2", audit("RevokeApiKey", "k2"))).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
    } finally {
      await drop();
    }
  });
});
