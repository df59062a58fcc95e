import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ConflictError,
  type ExecutionEvent,
  type ExecutionState,
  evolve,
  initialState,
  type SourceServer,
} from "@drso/core";
import { created as createdEvent } from "@drso/core/testing";
import type { Database } from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditEntry } from "../audit-entry";
import { openDatabase } from "./sqlite-database";
import { SqliteExecutionStore } from "./sqlite-execution-store";

const server = (n: number): SourceServer => ({
  serverId: `s-${n.toString(16).padStart(17, "0")}`,
  hostname: `host-${n}`,
  accountId: "111111111111",
  region: "us-east-1",
  replicationState: "CONTINUOUS",
  tags: {},
});

/** A new one-wave execution over `servers`: its first event and state. */
function created(
  executionId: string,
  servers: SourceServer[],
): { state: ExecutionState; first: ExecutionEvent } {
  const first = createdEvent([{ servers }], { executionId, planId: `plan-${executionId}` });
  return { state: evolve(initialState(), first), first };
}
const claimsOf = (servers: SourceServer[]) =>
  servers.map(({ accountId, region, serverId }) => ({ accountId, region, serverId }));
const audit = (id: string) => auditEntry("alice", "StartExecution", "execution", id);

describe("SQLite execution store", () => {
  let dir: string;
  let db: Database;
  let store: SqliteExecutionStore;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "drso-exec-store-"));
    db = openDatabase(dir);
    store = new SqliteExecutionStore(db);
  });
  afterEach(async () => {
    db.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("refuses a second execution holding a server, naming the holder, and writes nothing", async () => {
    const a = created("a", [server(1), server(2)]);
    await store.create(a.state, a.first, claimsOf([server(1), server(2)]), audit("a"));
    const b = created("b", [server(2), server(3)]);
    const error = await store
      .create(b.state, b.first, claimsOf([server(2), server(3)]), audit("b"))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).details).toMatchObject({
      conflicts: [{ serverId: server(2).serverId, executionId: "a" }],
    });
    expect(await store.get("b")).toBeUndefined();
    expect(await store.findConflicts(claimsOf([server(3)]))).toEqual([]);
  });

  it("keeps the event log in order and releases the servers when the execution finishes", async () => {
    const a = created("a", [server(1)]);
    await store.create(a.state, a.first, claimsOf([server(1)]), audit("a"));
    const more: ExecutionEvent[] = [
      { type: "ExecutionStarted", at: "2026-01-01T00:00:01.000Z" },
      { type: "CancelRequested", at: "2026-01-01T00:00:02.000Z", actor: "bob" },
      { type: "ExecutionFinished", at: "2026-01-01T00:00:03.000Z", status: "CANCELLED" },
    ];
    const finished = more.reduce(evolve, a.state);
    await store.append(finished, more);
    expect((await store.events("a")).map((e) => [e.seq, e.event.type])).toEqual([
      [1, "ExecutionCreated"],
      [2, "ExecutionStarted"],
      [3, "CancelRequested"],
      [4, "ExecutionFinished"],
    ]);
    expect((await store.latestEvents("a", 2)).map((e) => e.seq)).toEqual([3, 4]);
    expect(await store.listUnfinished()).toEqual([]);
    expect(await store.findConflicts(claimsOf([server(1)]))).toEqual([]);
    const b = created("b", [server(1)]);
    await expect(store.create(b.state, b.first, claimsOf([server(1)]), audit("b"))).resolves.toBeUndefined();
    // A retry of "a" would now take a server that "b" holds: refused.
    const retried = evolve(finished, {
      type: "RetryStarted",
      at: "2026-01-01T00:00:04.000Z",
      actor: "bob",
      attempt: 2,
      batches: [],
    });
    await expect(
      store.append(retried, [
        { type: "RetryStarted", at: "2026-01-01T00:00:04.000Z", actor: "bob", attempt: 2, batches: [] },
      ]),
    ).rejects.toBeInstanceOf(ConflictError);
    expect((await store.get("a"))?.status).toBe("CANCELLED");
  });

  it("deletes only finished executions", async () => {
    const a = created("a", [server(1)]);
    await store.create(a.state, a.first, claimsOf([server(1)]), audit("a"));
    expect(await store.deleteTerminal(["a", "unknown"], audit("*"))).toEqual([]);
    expect(await store.get("a")).toBeDefined();
  });
});
