import type { AuditEntry } from "../audit";
import type { Page, PageRequest } from "../common";
import { type ExecutionStatus, isTerminalExecutionStatus, type ServerConflict } from "./execution";
import type { ExecutionEvent } from "./execution-events";
import type { ExecutionState } from "./execution-state";

/**
 * Durable executions: the event log (the truth), a state snapshot for fast loading, and the server
 * claims that keep two active executions from recovering the same source server.
 */

/** A source server held by an execution while it is active or paused. */
export interface ServerClaim {
  accountId: string;
  region: string;
  serverId: string;
}

/** The servers an execution claims: every server it recovers, in every wave. */
export const serverClaimsOf = (s: ExecutionState): ServerClaim[] =>
  Object.values(s.servers).map((x) => ({ accountId: x.accountId, region: x.region, serverId: x.serverId }));

/**
 * The runner (or the Step Functions loop) still has work: not terminal, or terminal with a
 * requested termination of the recovery instances not yet done. Stores list these for the runner.
 */
export const isUnfinishedExecution = (s: ExecutionState): boolean =>
  !isTerminalExecutionStatus(s.status) || (s.termination.requested && !s.instancesTerminated);

export interface StoredEvent {
  seq: number;
  event: ExecutionEvent;
}

export interface ExecutionFilter {
  status?: ExecutionStatus;
  planId?: string;
}

export interface ExecutionStore {
  /**
   * Stores a new execution with its first event and claims its servers in one transaction.
   * Throws ConflictError (details `{conflicts: ServerConflict[]}`) and writes nothing when another
   * active execution holds any of the servers.
   */
  create(
    state: ExecutionState,
    first: ExecutionEvent,
    claims: readonly ServerClaim[],
    audit: AuditEntry,
  ): Promise<void>;
  /**
   * Appends events and the resulting state snapshot. A terminal state releases the claims; a
   * state that became active again (retry) claims its servers again, refusing like `create`.
   */
  append(state: ExecutionState, events: readonly ExecutionEvent[], audit?: AuditEntry): Promise<void>;
  get(executionId: string): Promise<ExecutionState | undefined>;
  list(filter: ExecutionFilter, page: PageRequest): Promise<Page<ExecutionState>>;
  /** Events after `afterSeq` (exclusive), oldest first. */
  events(executionId: string, afterSeq?: number): Promise<StoredEvent[]>;
  /** The newest `limit` events, oldest first (the execution detail shows these). */
  latestEvents(executionId: string, limit: number): Promise<StoredEvent[]>;
  /** Executions the runner must drive: not terminal, or terminal with a termination still pending. */
  listUnfinished(): Promise<ExecutionState[]>;
  /** Active executions that hold any of these servers. */
  findConflicts(claims: readonly ServerClaim[]): Promise<ServerConflict[]>;
  /** Deletes the given executions when terminal; returns the ids deleted. */
  deleteTerminal(executionIds: readonly string[], audit: AuditEntry): Promise<string[]>;
}
