import { z } from "zod";

/** Execution record and statuses (field names are the API's). */

export const EXECUTION_TYPES = ["DRILL", "RECOVERY"] as const;
export const ExecutionType = z.enum(EXECUTION_TYPES);
export type ExecutionType = z.infer<typeof ExecutionType>;

export const EXECUTION_STATUSES = [
  "PENDING",
  "RUNNING",
  "PAUSED",
  "CANCELLING",
  "COMPLETED",
  "PARTIAL",
  "FAILED",
  "CANCELLED",
] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];
export const TERMINAL_EXECUTION_STATUSES: readonly ExecutionStatus[] = [
  "COMPLETED",
  "PARTIAL",
  "FAILED",
  "CANCELLED",
];
/** Executions that hold their servers: another execution may not use them meanwhile. */
export const ACTIVE_EXECUTION_STATUSES: readonly ExecutionStatus[] = [
  "PENDING",
  "RUNNING",
  "PAUSED",
  "CANCELLING",
];
export const isTerminalExecutionStatus = (s: ExecutionStatus): boolean =>
  TERMINAL_EXECUTION_STATUSES.includes(s);

export const WAVE_STATUSES = [
  "PENDING",
  "WAITING_APPROVAL",
  "LAUNCHING",
  "HEALTH_CHECK",
  "COMPLETED",
  "PARTIAL",
  "FAILED",
  "SKIPPED",
  "CANCELLED",
] as const;
export type WaveStatus = (typeof WAVE_STATUSES)[number];
export const TERMINAL_WAVE_STATUSES: readonly WaveStatus[] = [
  "COMPLETED",
  "PARTIAL",
  "FAILED",
  "SKIPPED",
  "CANCELLED",
];
export const isTerminalWaveStatus = (s: WaveStatus): boolean => TERMINAL_WAVE_STATUSES.includes(s);

/** DRS per-server launch status, plus NOT_STARTED before the server's batch is launched. */
export type ServerLaunchStatus =
  | "NOT_STARTED"
  | "PENDING"
  | "IN_PROGRESS"
  | "LAUNCHED"
  | "FAILED"
  | "TERMINATED";

/**
 * A server's recovery outcome: PENDING until launched, CHECKING while EC2 boots, HEALTHY when the job
 * reports LAUNCHED and EC2 is running with both status checks ok; FAILED with `error`; CANCELLED when
 * the execution was cancelled before its batch launched.
 */
export type ServerHealth = "PENDING" | "CHECKING" | "HEALTHY" | "FAILED" | "CANCELLED";

/** One server another execution already holds: what a 409 start check reports. */
export interface ServerConflict {
  serverId: string;
  accountId: string;
  region: string;
  executionId: string;
  planId: string;
  planName: string;
  status: ExecutionStatus;
}

/** `POST /recovery-plans/{id}/execute` body. */
export const ExecuteRequest = z.strictObject({
  executionType: ExecutionType,
  /** Recover every server from its newest DRS snapshot taken at or before this time (default: latest). */
  pointInTime: z.iso.datetime({ offset: true }).optional(),
  /** A DRILL with servers whose replication is not live launches them from their last snapshot only when set. */
  allowDegraded: z.boolean().optional(),
  /** Source server ids of the plan to leave out of this run. */
  excludeServers: z.array(z.string().min(1).max(128)).max(1000).optional(),
});
export type ExecuteRequest = z.infer<typeof ExecuteRequest>;

export interface ExecutionServer {
  serverId: string;
  hostname: string;
  accountId: string;
  region: string;
  jobId?: string;
  launchStatus: ServerLaunchStatus;
  recoveryInstanceId?: string;
  ec2InstanceId?: string;
  ec2State?: string;
  health: ServerHealth;
  error?: string;
  /** 1 for the first launch, n+1 for the n-th retry. */
  attempt: number;
  /**
   * The DRS recovery snapshot the server launches from, and its time: the chosen point in time, or
   * its newest snapshot when its replication was not live at start. Absent: a fresh DRS snapshot.
   */
  recoverySnapshotId?: string;
  recoverySnapshotTime?: string;
  /** DRS replication state when the execution started. */
  replicationState?: string;
  /** Seconds from `recoverySnapshotTime` to the execution start (the RPO achieved); absent with fresh data. */
  dataAgeSeconds?: number;
  /** When the recovery instances of this server were terminated (after "terminate instances"). */
  terminatedAt?: string;
}

/** A server of the plan that an execution left out, at the operator's request. */
export interface ExcludedServer {
  serverId: string;
  hostname?: string;
  groupId?: string;
}

export interface ExecutionWave {
  waveNumber: number;
  waveName: string;
  status: WaveStatus;
  dependsOnWaves: number[];
  startTime?: string;
  endTime?: string;
  jobIds: string[];
  servers: ExecutionServer[];
}

/** The execution as the API returns it (`GET /executions/{id}`). */
export interface Execution {
  executionId: string;
  planId: string;
  planName: string;
  planSnapshot: unknown;
  executionType: ExecutionType;
  status: ExecutionStatus;
  /** Number of the most recently started wave (0 before the first starts). */
  currentWave: number;
  totalWaves: number;
  startTime: string;
  endTime?: string;
  initiatedBy: string;
  waveStatus: ExecutionWave[];
  instancesTerminated: boolean;
  /** Attempts so far (retry adds one). */
  attempt: number;
  /** The chosen recovery point (ISO); absent when servers recover from their latest data. */
  pointInTime?: string;
  /** A DRILL started although some servers' replication was not live (`allowDegraded`). */
  allowDegraded?: boolean;
  /** Servers of the plan the operator left out of this run. */
  excludedServers?: ExcludedServer[];
  /** When the execution's recovery instances were terminated. */
  terminatedAt?: string;
}
