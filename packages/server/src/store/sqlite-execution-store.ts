import {
  type AuditEntry,
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
  ServerInActiveExecutionError,
  type StoredEvent,
  serverClaimsOf,
} from "@drso/core";
import type { Database } from "better-sqlite3";
import type { Migration } from "./migration";
import { decodePageToken, encodePageToken } from "./page-token";
import { writeAuditEntry } from "./sqlite-audit-log";

/** One row of `countByStatusAndType` (the metrics gauge of executions). */
export interface ExecutionCount {
  status: string;
  type: string;
  count: number;
}

/** Tables of executions: appended to the migration list in `migrations.ts`. */
export const executionTablesMigration: Migration = {
  name: "executions, their event logs and server claims",
  up: (db) =>
    db.exec(`
      CREATE TABLE executions (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        execution_id TEXT NOT NULL UNIQUE,
        plan_id TEXT NOT NULL,
        status TEXT NOT NULL,
        unfinished INTEGER NOT NULL,
        event_count INTEGER NOT NULL,
        state TEXT NOT NULL
      );
      CREATE INDEX executions_by_plan ON executions (plan_id, seq);
      CREATE INDEX executions_by_status ON executions (status, seq);
      CREATE INDEX executions_unfinished ON executions (unfinished);
      CREATE TABLE execution_events (
        execution_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (execution_id, seq)
      );
      CREATE TABLE execution_claims (
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        server_id TEXT NOT NULL,
        execution_id TEXT NOT NULL,
        PRIMARY KEY (account_id, region, server_id)
      );
      CREATE INDEX execution_claims_by_execution ON execution_claims (execution_id);
    `),
};

interface ExecutionRow {
  seq: number;
  state: string;
}

/**
 * `ExecutionStore` on SQLite. Claims live in a table whose primary key is the server, so two
 * concurrent starts sharing a server cannot both insert: the second transaction sees the first's
 * claim and is refused with the conflicts, writing nothing.
 */
export class SqliteExecutionStore implements ExecutionStore {
  constructor(private readonly db: Database) {}

  async create(
    state: ExecutionState,
    first: ExecutionEvent,
    claims: readonly ServerClaim[],
    audit: AuditEntry,
  ): Promise<void> {
    this.db
      .transaction(() => {
        this.claim(state.executionId, claims);
        this.db
          .prepare(
            "INSERT INTO executions (execution_id, plan_id, status, unfinished, event_count, state) VALUES (?, ?, ?, 1, 1, ?)",
          )
          .run(state.executionId, state.planId, state.status, JSON.stringify(state));
        this.db
          .prepare("INSERT INTO execution_events (execution_id, seq, doc) VALUES (?, 1, ?)")
          .run(state.executionId, JSON.stringify(first));
        this.recordOnPlan(state);
        this.writeAudit(audit);
      })
      .immediate();
  }

  async append(state: ExecutionState, events: readonly ExecutionEvent[], audit?: AuditEntry): Promise<void> {
    if (events.length === 0 && !audit) return;
    this.db
      .transaction(() => {
        const row = this.db
          .prepare("SELECT event_count, status FROM executions WHERE execution_id = ?")
          .get(state.executionId) as { event_count: number; status: string } | undefined;
        if (!row) throw new ExecutionGoneError(state.executionId);
        const insert = this.db.prepare(
          "INSERT INTO execution_events (execution_id, seq, doc) VALUES (?, ?, ?)",
        );
        events.forEach((e, i) => {
          insert.run(state.executionId, row.event_count + i + 1, JSON.stringify(e));
        });
        if (isTerminalExecutionStatus(state.status)) {
          this.db.prepare("DELETE FROM execution_claims WHERE execution_id = ?").run(state.executionId);
        } else if (isTerminalExecutionStatus(row.status as ExecutionState["status"])) {
          // A retry makes a finished execution active again: it must hold its servers again.
          this.claim(state.executionId, serverClaimsOf(state));
        }
        this.db
          .prepare(
            "UPDATE executions SET status = ?, unfinished = ?, event_count = ?, state = ? WHERE execution_id = ?",
          )
          .run(
            state.status,
            isUnfinishedExecution(state) ? 1 : 0,
            row.event_count + events.length,
            JSON.stringify(state),
            state.executionId,
          );
        if (row.status !== state.status) this.recordOnPlan(state);
        if (audit) this.writeAudit(audit);
      })
      .immediate();
  }

  async get(executionId: string): Promise<ExecutionState | undefined> {
    const row = this.db.prepare("SELECT state FROM executions WHERE execution_id = ?").get(executionId) as
      | { state: string }
      | undefined;
    return row ? (JSON.parse(row.state) as ExecutionState) : undefined;
  }

  async list(filter: ExecutionFilter, page: PageRequest): Promise<Page<ExecutionState>> {
    const after = decodePageToken(page.nextToken);
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (after !== undefined) {
      where.push("seq < ?");
      args.push(after);
    }
    if (filter.status) {
      where.push("status = ?");
      args.push(filter.status);
    }
    if (filter.planId) {
      where.push("plan_id = ?");
      args.push(filter.planId);
    }
    // Newest first: operators look at the latest executions.
    const rows = this.db
      .prepare(
        `SELECT seq, state FROM executions ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY seq DESC LIMIT ?`,
      )
      .all(...args, page.limit + 1) as ExecutionRow[];
    const items = rows.slice(0, page.limit);
    const last = items[items.length - 1];
    return {
      items: items.map((r) => JSON.parse(r.state) as ExecutionState),
      ...(rows.length > page.limit && last ? { nextToken: encodePageToken(last.seq) } : {}),
    };
  }

  async events(executionId: string, afterSeq = 0): Promise<StoredEvent[]> {
    const rows = this.db
      .prepare("SELECT seq, doc FROM execution_events WHERE execution_id = ? AND seq > ? ORDER BY seq")
      .all(executionId, afterSeq) as { seq: number; doc: string }[];
    return rows.map((r) => ({ seq: r.seq, event: JSON.parse(r.doc) as ExecutionEvent }));
  }

  async latestEvents(executionId: string, limit: number): Promise<StoredEvent[]> {
    const rows = this.db
      .prepare("SELECT seq, doc FROM execution_events WHERE execution_id = ? ORDER BY seq DESC LIMIT ?")
      .all(executionId, limit) as { seq: number; doc: string }[];
    return rows.reverse().map((r) => ({ seq: r.seq, event: JSON.parse(r.doc) as ExecutionEvent }));
  }

  async listUnfinished(): Promise<ExecutionState[]> {
    const rows = this.db.prepare("SELECT state FROM executions WHERE unfinished = 1 ORDER BY seq").all() as {
      state: string;
    }[];
    return rows.map((r) => JSON.parse(r.state) as ExecutionState);
  }

  /** Executions by status and type for the metrics gauge: one grouped scan of the snapshots. */
  async countByStatusAndType(): Promise<ExecutionCount[]> {
    return this.db
      .prepare(
        "SELECT status, json_extract(state, '$.executionType') AS type, COUNT(*) AS count FROM executions GROUP BY 1, 2",
      )
      .all() as ExecutionCount[];
  }

  async findConflicts(claims: readonly ServerClaim[]): Promise<ServerConflict[]> {
    return this.conflicts(claims);
  }

  async deleteTerminal(executionIds: readonly string[], audit: AuditEntry): Promise<string[]> {
    return this.db
      .transaction(() => {
        const deleted: string[] = [];
        for (const id of executionIds) {
          const row = this.db.prepare("SELECT state FROM executions WHERE execution_id = ?").get(id) as
            | { state: string }
            | undefined;
          if (!row) continue;
          const state = JSON.parse(row.state) as ExecutionState;
          if (isUnfinishedExecution(state)) continue;
          this.db.prepare("DELETE FROM execution_events WHERE execution_id = ?").run(id);
          this.db.prepare("DELETE FROM executions WHERE execution_id = ?").run(id);
          deleted.push(id);
        }
        this.writeAudit({ ...audit, details: { ...audit.details, deleted } });
        return deleted;
      })
      .immediate();
  }

  private conflicts(claims: readonly ServerClaim[]): ServerConflict[] {
    const find = this.db.prepare(
      `SELECT c.execution_id AS executionId, e.state AS state FROM execution_claims c
       JOIN executions e ON e.execution_id = c.execution_id
       WHERE c.account_id = ? AND c.region = ? AND c.server_id = ?`,
    );
    const out: ServerConflict[] = [];
    const states = new Map<string, ExecutionState>();
    for (const c of claims) {
      const row = find.get(c.accountId, c.region, c.serverId) as
        | { executionId: string; state: string }
        | undefined;
      if (!row) continue;
      let s = states.get(row.executionId);
      if (!s) {
        s = JSON.parse(row.state) as ExecutionState;
        states.set(row.executionId, s);
      }
      out.push({
        ...c,
        executionId: row.executionId,
        planId: s.planId,
        planName: s.planName,
        status: s.status,
      });
    }
    return out;
  }

  /** Inside a transaction: claims every server or throws ConflictError naming the holders. */
  private claim(executionId: string, claims: readonly ServerClaim[]): void {
    const conflicts = this.conflicts(claims).filter((c) => c.executionId !== executionId);
    if (conflicts.length > 0) throw new ServerInActiveExecutionError(conflicts);
    const insert = this.db.prepare(
      "INSERT OR REPLACE INTO execution_claims (account_id, region, server_id, execution_id) VALUES (?, ?, ?, ?)",
    );
    for (const c of claims) insert.run(c.accountId, c.region, c.serverId, executionId);
  }

  /** Plans show their last execution (`lastExecutionId`/`lastExecutionStatus`) without a version bump. */
  private recordOnPlan(state: ExecutionState): void {
    this.db
      .prepare(
        "UPDATE recovery_plans SET doc = json_set(doc, '$.lastExecutionId', ?, '$.lastExecutionStatus', ?) WHERE plan_id = ?",
      )
      .run(state.executionId, state.status, state.planId);
  }

  private writeAudit(entry: AuditEntry): void {
    writeAuditEntry((sql) => this.db.prepare(sql), entry);
  }
}
