import {
  type ExecutionHistoryEntry,
  type Execution as ExecutionRecord,
  type ExecutionStatus,
  TERMINAL_EXECUTION_STATUSES,
} from "@drso/core";

/**
 * Executions as the UI reads them: core's record (the API's schema). `GET /executions/{id}` adds
 * the history; the list, the actions and the live stream answer without it.
 */
export type Execution = ExecutionRecord & { events?: ExecutionHistoryEntry[] };
export type { ExecutionServer, ExecutionType } from "@drso/core";

/** A history row: a stored event, or a change pushed by the live stream (only its type and time). */
export type ExecutionEvent = Pick<ExecutionHistoryEntry, "type" | "timestamp"> &
  Partial<ExecutionHistoryEntry>;

export interface JobLogItem {
  jobId?: string;
  serverId?: string;
  event?: string;
  eventData?: Record<string, unknown>;
  logDateTime?: string;
  eventDateTime?: string;
  waveNumber?: number;
  message?: string;
}

export const isTerminal = (status: ExecutionStatus): boolean => TERMINAL_EXECUTION_STATUSES.includes(status);
