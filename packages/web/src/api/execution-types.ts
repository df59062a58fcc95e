/**
 * Execution shapes as the UI reads them. Core has no execution schema yet, so the
 * UI keeps these structural types; every field the engine may omit is optional.
 */
export const TERMINAL_STATUSES = ["COMPLETED", "PARTIAL", "FAILED", "CANCELLED"] as const;
export const ACTIVE_STATUSES = ["PENDING", "RUNNING", "PAUSED", "CANCELLING"] as const;

export type ExecutionType = "DRILL" | "RECOVERY";

export interface ExecutionServer {
  serverId: string;
  hostname?: string;
  accountId?: string;
  region?: string;
  jobId?: string;
  launchStatus?: string;
  recoveryInstanceId?: string;
  ec2InstanceId?: string;
  ec2State?: string;
  health?: string;
  error?: string;
  /** The DRS snapshot the server is recovered from (point in time, or replication not live). */
  recoverySnapshotId?: string;
  recoverySnapshotTime?: string;
  replicationState?: string;
  /** Seconds from its snapshot to the start: the RPO achieved; absent with fresh data. */
  dataAgeSeconds?: number;
  terminatedAt?: string;
}

export interface WaveStatus {
  waveNumber: number;
  waveName?: string;
  status: string;
  startTime?: string;
  endTime?: string;
  jobIds?: string[];
  servers?: ExecutionServer[];
  dependsOnWaves?: number[];
}

export interface ExecutionEvent {
  timestamp?: string;
  type?: string;
  actor?: string;
  reason?: string;
  message?: string;
  waveNumber?: number;
}

export interface Execution {
  executionId: string;
  planId: string;
  planName?: string;
  executionType: ExecutionType;
  status: string;
  currentWave?: number;
  totalWaves?: number;
  startTime?: string;
  endTime?: string;
  initiatedBy?: string;
  waveStatus?: WaveStatus[];
  instancesTerminated?: boolean;
  events?: ExecutionEvent[];
  rtoTargetMinutes?: number;
  planSnapshot?: { rtoTargetMinutes?: number; waves?: unknown[] };
  /** When the engine publishes the actions it accepts now, the UI follows them instead of deriving. */
  allowedActions?: string[];
  /** The chosen recovery point; absent when servers recover from their latest data. */
  pointInTime?: string;
  allowDegraded?: boolean;
  excludedServers?: { serverId: string; hostname?: string; groupId?: string }[];
  terminatedAt?: string;
}

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

export const isTerminal = (status: string): boolean =>
  (TERMINAL_STATUSES as readonly string[]).includes(status);
