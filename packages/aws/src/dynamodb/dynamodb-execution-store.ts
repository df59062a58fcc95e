import { randomUUID } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import {
  type AuditEntry,
  DuplicateIdError,
  ExecutionChangedError,
  type ExecutionEvent,
  type ExecutionFilter,
  ExecutionGoneError,
  type ExecutionState,
  type ExecutionStore,
  isTerminalExecutionStatus,
  isUnfinishedExecution,
  type Page,
  type PageRequest,
  type ServerClaim,
  type ServerConflict,
  type StoredEvent,
  serverClaimsOf,
} from "@drso/core";
import { auditWrite } from "./audit-item";
import { writeClaimedChange } from "./chunked-claim-write";
import { type ClaimLease, type ClaimStamp, DEFAULT_CLAIM_LEASE } from "./claim-lease";
import { PARTITION } from "./config-keys";
import type { DynamoDbStoreOptions } from "./dynamodb-config-store";
import { type GuardedWrite, transactWrite, withRaceRetry } from "./dynamodb-transaction";
import { ExecutionServerClaims } from "./execution-server-claims";
import { decodeKeyToken, encodeKeyToken } from "./page-token";
import type { TableNames } from "./table-schema";

/**
 * Items of the executions table:
 * - `EXEC#<id>` / `STATE`: the state snapshot (gzipped JSON: a 3,000-server state would not fit
 *   DynamoDB's 400 KB item limit as text), `eventCount` (the optimistic version), `status`, and
 *   `activeStatus` + `startTime` while unfinished — the sparse `StatusIndex`.
 * - `EXEC#<id>` / `EVENTS#<first seq>`: the events of one append, in order.
 * - `EXECLIST` / `<startTime>#<id>`: newest-first listing.
 * - `CLAIM` / `<account>#<region>#<server>`: the execution holding a server while active, stamped
 *   with the attempt that wrote it (`claim-lease.ts`). Live while its execution is unfinished, or
 *   pending (execution not yet written at the claimed event count, within the lease); else stale.
 */
const execKey = (id: string) => ({ pk: `EXEC#${id}`, sk: "STATE" });
const ACTIVE = "ACTIVE";

const packState = (s: ExecutionState) => gzipSync(JSON.stringify(s));
const unpackState = (item: Record<string, unknown>) =>
  JSON.parse(gunzipSync(item.stateGz as Uint8Array).toString("utf8")) as ExecutionState;

/**
 * Events of one append as JSON text, or gzipped when large: the first event of a 3,000-server
 * execution carries the compiled plan, which as text would pass DynamoDB's 400 KB item limit.
 */
const GZIP_EVENTS_ABOVE = 64 * 1024;
const packEvents = (events: readonly ExecutionEvent[]) => {
  const json = JSON.stringify(events);
  return json.length > GZIP_EVENTS_ABOVE ? { eventsGz: gzipSync(json) } : { events: json };
};
const unpackEvents = (item: Record<string, unknown>): ExecutionEvent[] =>
  JSON.parse(
    item.eventsGz ? gunzipSync(item.eventsGz as Uint8Array).toString("utf8") : (item.events as string),
  ) as ExecutionEvent[];

interface StateItem {
  eventCount: number;
  status: ExecutionState["status"];
  stateGz: Uint8Array;
}

/**
 * `ExecutionStore` on DynamoDB. Each append is one transaction conditioned on the event count this
 * store instance last loaded for the execution, so a Tick that worked from a stale state (another
 * Lambda advanced the execution meanwhile) is refused with `EXECUTION_CHANGED` and reloads instead
 * of interleaving events. Server claims are items whose key is the server: two starts sharing a
 * server cannot both put them. An execution of more servers than one transaction holds claims
 * them in chunks before its state is written (`chunked-claim-write.ts`).
 */
export class DynamoDbExecutionStore implements ExecutionStore {
  /** Event count of each execution as this instance last read or wrote it. */
  private readonly seen = new Map<string, number>();
  private readonly lease: ClaimLease;
  private readonly claims: ExecutionServerClaims;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: Pick<TableNames, "config" | "audit" | "executions">,
    options: DynamoDbStoreOptions = {},
  ) {
    this.lease = options.claimLease ?? DEFAULT_CLAIM_LEASE;
    this.claims = new ExecutionServerClaims(client, tables.executions, this.lease, {
      item: (id) => this.getItem(id),
      states: (ids) => this.getMany(ids),
    });
  }

  async create(
    state: ExecutionState,
    first: ExecutionEvent,
    claims: readonly ServerClaim[],
    audit: AuditEntry,
  ): Promise<void> {
    await withRaceRetry(() => {
      const commit: GuardedWrite[] = [
        {
          item: {
            Put: {
              TableName: this.tables.executions,
              Item: this.stateItem(state, 1),
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
          explain: async () => new DuplicateIdError("Execution", state.executionId),
        },
        this.eventsWrite(state.executionId, 1, [first]),
        {
          item: {
            Put: {
              TableName: this.tables.executions,
              Item: {
                pk: "EXECLIST",
                sk: `${state.startTime}#${state.executionId}`,
                executionId: state.executionId,
              },
            },
          },
        },
        auditWrite(this.tables.audit, audit),
      ];
      const stamp = this.stamp(1);
      return writeClaimedChange(this.client, {
        table: this.tables.executions,
        attemptId: stamp.attemptId,
        claims: this.claims.claimWrites(state, claims, stamp),
        commit,
        releases: [],
      });
    });
    this.seen.set(state.executionId, 1);
    await this.recordOnPlan(state);
  }

  async append(state: ExecutionState, events: readonly ExecutionEvent[], audit?: AuditEntry): Promise<void> {
    if (events.length === 0 && !audit) return;
    const id = state.executionId;
    const current = await this.getItem(id);
    if (!current) throw new ExecutionGoneError(id);
    const expected = this.seen.get(id) ?? current.eventCount;
    if (expected !== current.eventCount) throw this.changed(id, expected, current.eventCount);
    const count = expected + events.length;
    const writes: GuardedWrite[] = [
      {
        item: {
          Update: {
            TableName: this.tables.executions,
            Key: execKey(id),
            UpdateExpression: `SET stateGz = :s, #status = :status, eventCount = :n${
              isUnfinishedExecution(state) ? ", activeStatus = :active" : " REMOVE activeStatus"
            }`,
            ConditionExpression: "eventCount = :expected",
            ExpressionAttributeNames: { "#status": "status" },
            ExpressionAttributeValues: {
              ":s": packState(state),
              ":status": state.status,
              ":n": count,
              ":expected": expected,
              ...(isUnfinishedExecution(state) ? { ":active": ACTIVE } : {}),
            },
          },
        },
        explain: async () => this.changed(id, expected, (await this.getItem(id))?.eventCount ?? -1),
      },
    ];
    if (events.length > 0) writes.push(this.eventsWrite(id, expected + 1, events));
    if (audit) writes.push(auditWrite(this.tables.audit, audit));
    const wasTerminal = isTerminalExecutionStatus(current.status);
    // Rerunning the write alone is safe after a race: its conditions (event count) still decide.
    await withRaceRetry(() => {
      const stamp = this.stamp(count);
      return writeClaimedChange(this.client, {
        table: this.tables.executions,
        attemptId: stamp.attemptId,
        // A retry makes a finished execution active again: it must hold its servers again.
        claims:
          !isTerminalExecutionStatus(state.status) && wasTerminal
            ? this.claims.claimWrites(state, serverClaimsOf(state), stamp)
            : [],
        commit: writes,
        releases:
          isTerminalExecutionStatus(state.status) && !wasTerminal
            ? this.claims.releaseWrites(id, serverClaimsOf(state), count)
            : [],
      });
    });
    this.seen.set(id, count);
    if (current.status !== state.status) await this.recordOnPlan(state);
  }

  async get(executionId: string): Promise<ExecutionState | undefined> {
    const item = await this.getItem(executionId);
    if (!item) return undefined;
    this.seen.set(executionId, item.eventCount);
    return unpackState(item as unknown as Record<string, unknown>);
  }

  async list(filter: ExecutionFilter, page: PageRequest): Promise<Page<ExecutionState>> {
    const items: ExecutionState[] = [];
    let start = decodeKeyToken(page.nextToken, ["pk", "sk"]);
    // Filters apply to the states, so keep reading list entries until the page is full.
    while (items.length < page.limit) {
      const result = await this.client.send(
        new QueryCommand({
          TableName: this.tables.executions,
          KeyConditionExpression: "pk = :p",
          ExpressionAttributeValues: { ":p": "EXECLIST" },
          ScanIndexForward: false,
          Limit: page.limit - items.length,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      const entries = result.Items ?? [];
      const states = await this.getMany(entries.map((e) => e.executionId as string));
      for (const e of entries) {
        const s = states.get(e.executionId as string);
        if (!s) continue;
        if (filter.status && s.status !== filter.status) continue;
        if (filter.planId && s.planId !== filter.planId) continue;
        items.push(s);
      }
      start = result.LastEvaluatedKey as Record<string, string> | undefined;
      if (!start) break;
    }
    return { items, ...(start ? { nextToken: encodeKeyToken(start) } : {}) };
  }

  async events(executionId: string, afterSeq = 0): Promise<StoredEvent[]> {
    const out: StoredEvent[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const result = await this.client.send(
        new QueryCommand({
          TableName: this.tables.executions,
          KeyConditionExpression: "pk = :p AND begins_with(sk, :e)",
          ExpressionAttributeValues: { ":p": `EXEC#${executionId}`, ":e": "EVENTS#" },
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of result.Items ?? []) {
        const first = item.firstSeq as number;
        unpackEvents(item).forEach((event, i) => {
          if (first + i > afterSeq) out.push({ seq: first + i, event });
        });
      }
      start = result.LastEvaluatedKey;
    } while (start);
    return out;
  }

  async latestEvents(executionId: string, limit: number): Promise<StoredEvent[]> {
    // Event batches newest first, until they hold `limit` events.
    const batches: StoredEvent[][] = [];
    let count = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const result = await this.client.send(
        new QueryCommand({
          TableName: this.tables.executions,
          KeyConditionExpression: "pk = :p AND begins_with(sk, :e)",
          ExpressionAttributeValues: { ":p": `EXEC#${executionId}`, ":e": "EVENTS#" },
          ScanIndexForward: false,
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of result.Items ?? []) {
        const first = item.firstSeq as number;
        const batch = unpackEvents(item).map((event, i) => ({
          seq: first + i,
          event,
        }));
        batches.unshift(batch);
        count += batch.length;
        if (count >= limit) break;
      }
      start = count >= limit ? undefined : result.LastEvaluatedKey;
    } while (start);
    return batches.flat().slice(-limit);
  }

  async listUnfinished(): Promise<ExecutionState[]> {
    const out: ExecutionState[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const result = await this.client.send(
        new QueryCommand({
          TableName: this.tables.executions,
          IndexName: "StatusIndex",
          KeyConditionExpression: "activeStatus = :a",
          ExpressionAttributeValues: { ":a": ACTIVE },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of result.Items ?? []) out.push(unpackState(item));
      start = result.LastEvaluatedKey;
    } while (start);
    return out;
  }

  async recordAudit(entry: AuditEntry): Promise<void> {
    await transactWrite(this.client, [auditWrite(this.tables.audit, entry)]);
  }

  findConflicts(claims: readonly ServerClaim[]): Promise<ServerConflict[]> {
    return this.claims.findConflicts(claims);
  }

  async deleteTerminal(executionIds: readonly string[], audit: AuditEntry): Promise<string[]> {
    const deleted: string[] = [];
    for (const id of executionIds) {
      const item = await this.getItem(id);
      if (!item) continue;
      const state = unpackState(item as unknown as Record<string, unknown>);
      if (isUnfinishedExecution(state)) continue;
      const eventKeys = await this.client.send(
        new QueryCommand({
          TableName: this.tables.executions,
          KeyConditionExpression: "pk = :p AND begins_with(sk, :e)",
          ExpressionAttributeValues: { ":p": `EXEC#${id}`, ":e": "EVENTS#" },
          ProjectionExpression: "pk, sk",
        }),
      );
      await transactWrite(this.client, [
        {
          item: {
            Delete: {
              TableName: this.tables.executions,
              Key: execKey(id),
              ConditionExpression: "eventCount = :n",
              ExpressionAttributeValues: { ":n": item.eventCount },
            },
          },
          explain: async () => this.changed(id, item.eventCount, (await this.getItem(id))?.eventCount ?? -1),
        },
        {
          item: {
            Delete: {
              TableName: this.tables.executions,
              Key: { pk: "EXECLIST", sk: `${state.startTime}#${id}` },
            },
          },
        },
        ...(eventKeys.Items ?? []).map((key) => ({
          item: { Delete: { TableName: this.tables.executions, Key: { pk: key.pk, sk: key.sk } } },
        })),
      ]);
      this.seen.delete(id);
      deleted.push(id);
    }
    await transactWrite(this.client, [
      auditWrite(this.tables.audit, { ...audit, details: { ...audit.details, deleted } }),
    ]);
    return deleted;
  }

  // ---------- building blocks ----------

  private stateItem(state: ExecutionState, eventCount: number) {
    return {
      ...execKey(state.executionId),
      stateGz: packState(state),
      status: state.status,
      planId: state.planId,
      startTime: state.startTime,
      eventCount,
      ...(isUnfinishedExecution(state) ? { activeStatus: ACTIVE } : {}),
    };
  }

  private eventsWrite(
    executionId: string,
    firstSeq: number,
    events: readonly ExecutionEvent[],
  ): GuardedWrite {
    return {
      item: {
        Put: {
          TableName: this.tables.executions,
          Item: {
            pk: `EXEC#${executionId}`,
            sk: `EVENTS#${String(firstSeq).padStart(10, "0")}`,
            firstSeq,
            ...packEvents(events),
          },
          ConditionExpression: "attribute_not_exists(pk)",
        },
      },
    };
  }

  private stamp(claimVersion: number): ClaimStamp {
    return { attemptId: randomUUID(), claimVersion, claimedAt: this.lease.now() };
  }

  private async getItem(executionId: string): Promise<StateItem | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tables.executions, Key: execKey(executionId), ConsistentRead: true }),
    );
    return result.Item as StateItem | undefined;
  }

  private async getMany(ids: readonly string[]): Promise<Map<string, ExecutionState>> {
    const out = new Map<string, ExecutionState>();
    for (let i = 0; i < ids.length; i += 100) {
      let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = {
        [this.tables.executions]: { Keys: ids.slice(i, i + 100).map(execKey) },
      };
      while (request && Object.keys(request).length > 0) {
        const result = await this.client.send(new BatchGetCommand({ RequestItems: request }));
        for (const item of result.Responses?.[this.tables.executions] ?? []) {
          const s = unpackState(item);
          out.set(s.executionId, s);
        }
        request = result.UnprocessedKeys as typeof request;
      }
    }
    return out;
  }

  /** Plans show their last execution without a version bump (attributes beside the plan document). */
  private async recordOnPlan(state: ExecutionState): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tables.config,
          Key: { pk: PARTITION.plan, sk: state.planId },
          UpdateExpression: "SET lastExecutionId = :id, lastExecutionStatus = :status",
          ConditionExpression: "attribute_exists(pk)",
          ExpressionAttributeValues: { ":id": state.executionId, ":status": state.status },
        }),
      );
    } catch (error) {
      // The plan may have been deleted since; the execution keeps its own snapshot of it.
      if ((error as { name?: string }).name !== "ConditionalCheckFailedException") throw error;
    }
  }

  private changed(id: string, expected: number, current: number): ExecutionChangedError {
    return new ExecutionChangedError(id, expected, current);
  }
}
