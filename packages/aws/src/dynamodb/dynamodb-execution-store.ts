import { randomUUID } from "node:crypto";
import { type DynamoDBDocumentClient, UpdateCommand } from "@aws-sdk/lib-dynamodb";
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
import { ExecutionEventLog } from "./execution-event-log";
import { ACTIVE, eventsWrite, execKey, listKey, packState, stateItem, unpackState } from "./execution-items";
import { ExecutionServerClaims } from "./execution-server-claims";
import { ExecutionStates } from "./execution-states";
import type { TableNames } from "./table-schema";

/**
 * `ExecutionStore` on DynamoDB. Each append is one transaction conditioned on the event count this
 * store instance last loaded for the execution, so a Tick that worked from a stale state (another
 * Lambda advanced the execution meanwhile) is refused with `EXECUTION_CHANGED` and reloads instead
 * of interleaving events. Its items are described in `execution-items.ts`. Server claims are items whose key is the server: two starts sharing a
 * server cannot both put them. An execution of more servers than one transaction holds claims
 * them in chunks before its state is written (`chunked-claim-write.ts`).
 */
export class DynamoDbExecutionStore implements ExecutionStore {
  /** Event count of each execution as this instance last read or wrote it. */
  private readonly seen = new Map<string, number>();
  private readonly lease: ClaimLease;
  private readonly claims: ExecutionServerClaims;
  private readonly states: ExecutionStates;
  private readonly eventLog: ExecutionEventLog;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: Pick<TableNames, "config" | "audit" | "executions">,
    options: DynamoDbStoreOptions = {},
  ) {
    this.lease = options.claimLease ?? DEFAULT_CLAIM_LEASE;
    this.states = new ExecutionStates(client, tables.executions);
    this.eventLog = new ExecutionEventLog(client, tables.executions);
    this.claims = new ExecutionServerClaims(client, tables.executions, this.lease, {
      item: (id) => this.states.item(id),
      states: (ids) => this.states.many(ids),
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
              Item: stateItem(state, 1),
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
          explain: async () => new DuplicateIdError("Execution", state.executionId),
        },
        eventsWrite(this.tables.executions, state.executionId, 1, [first]),
        {
          item: {
            Put: {
              TableName: this.tables.executions,
              Item: { ...listKey(state), executionId: state.executionId },
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
    const current = await this.states.item(id);
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
        explain: async () => this.changed(id, expected, (await this.states.item(id))?.eventCount ?? -1),
      },
    ];
    if (events.length > 0) writes.push(eventsWrite(this.tables.executions, id, expected + 1, events));
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
    const item = await this.states.item(executionId);
    if (!item) return undefined;
    this.seen.set(executionId, item.eventCount);
    return unpackState(item as unknown as Record<string, unknown>);
  }

  list(filter: ExecutionFilter, page: PageRequest): Promise<Page<ExecutionState>> {
    return this.states.list(filter, page);
  }

  events(executionId: string, afterSeq = 0): Promise<StoredEvent[]> {
    return this.eventLog.events(executionId, afterSeq);
  }

  latestEvents(executionId: string, limit: number): Promise<StoredEvent[]> {
    return this.eventLog.latestEvents(executionId, limit);
  }

  listUnfinished(): Promise<ExecutionState[]> {
    return this.states.unfinished();
  }

  findConflicts(claims: readonly ServerClaim[]): Promise<ServerConflict[]> {
    return this.claims.findConflicts(claims);
  }

  async deleteTerminal(executionIds: readonly string[], audit: AuditEntry): Promise<string[]> {
    const deleted: string[] = [];
    for (const id of executionIds) {
      const item = await this.states.item(id);
      if (!item) continue;
      const state = unpackState(item as unknown as Record<string, unknown>);
      if (isUnfinishedExecution(state)) continue;
      const eventKeys = await this.eventLog.keys(id);
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
          explain: async () =>
            this.changed(id, item.eventCount, (await this.states.item(id))?.eventCount ?? -1),
        },
        {
          item: {
            Delete: {
              TableName: this.tables.executions,
              Key: listKey(state),
            },
          },
        },
        ...eventKeys.map((key) => ({
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

  private stamp(claimVersion: number): ClaimStamp {
    return { attemptId: randomUUID(), claimVersion, claimedAt: this.lease.now() };
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
