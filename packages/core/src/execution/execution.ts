import { z } from "zod";
import { RecoveryPlan } from "../recovery-plan";

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
export const ExecutionStatus = z.enum(EXECUTION_STATUSES);
export type ExecutionStatus = z.infer<typeof ExecutionStatus>;
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
export const WaveStatus = z.enum(WAVE_STATUSES);
export type WaveStatus = z.infer<typeof WaveStatus>;
export const TERMINAL_WAVE_STATUSES: readonly WaveStatus[] = [
  "COMPLETED",
  "PARTIAL",
  "FAILED",
  "SKIPPED",
  "CANCELLED",
];
export const isTerminalWaveStatus = (s: WaveStatus): boolean => TERMINAL_WAVE_STATUSES.includes(s);

/** DRS per-server launch status, plus NOT_STARTED before the server's batch is launched. */
export const ServerLaunchStatus = z.enum([
  "NOT_STARTED",
  "PENDING",
  "IN_PROGRESS",
  "LAUNCHED",
  "FAILED",
  "TERMINATED",
]);
export type ServerLaunchStatus = z.infer<typeof ServerLaunchStatus>;

/**
 * A server's recovery outcome: PENDING until launched, CHECKING while EC2 boots, HEALTHY when the job
 * reports LAUNCHED and EC2 is running with both status checks ok; FAILED with `error`; CANCELLED when
 * the execution was cancelled before its batch launched.
 */
export const ServerHealth = z.enum(["PENDING", "CHECKING", "HEALTHY", "FAILED", "CANCELLED"]);
export type ServerHealth = z.infer<typeof ServerHealth>;

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

/** `POST /recovery-plans/{id}/execute` body (`POST /executions` adds the `planId`). */
export const ExecuteRequest = z.strictObject({
  executionType: ExecutionType,
  pointInTime: z.iso.datetime({ offset: true }).optional().meta({
    description:
      "Recover every server from its newest DRS recovery snapshot taken at or before this time; omit for the latest data",
    example: "2026-11-20T08:00:00Z",
  }),
  allowDegraded: z.boolean().optional().meta({
    description:
      "DRILL: launch servers whose replication is not live (DISCONNECTED, STALLED…) from their newest recovery snapshot instead of refusing (a RECOVERY always does)",
  }),
  excludeServers: z.array(z.string().min(1).max(128)).max(1000).optional().meta({
    description: "Source server ids of the plan to leave out of this run (recorded on the execution)",
  }),
});
export type ExecuteRequest = z.infer<typeof ExecuteRequest>;

export const ExecutionServer = z.strictObject({
  serverId: z.string(),
  hostname: z.string(),
  accountId: z.string(),
  region: z.string(),
  jobId: z.string().optional(),
  launchStatus: ServerLaunchStatus,
  recoveryInstanceId: z.string().optional(),
  ec2InstanceId: z.string().optional(),
  ec2State: z.string().optional(),
  health: ServerHealth,
  error: z.string().optional(),
  attempt: z.int().min(1).meta({ description: "1 for the first launch, n+1 for the n-th retry" }),
  recoverySnapshotId: z.string().optional().meta({
    description:
      "The DRS recovery snapshot the server launches from: the chosen point in time, or its newest snapshot when its replication was not live at start. Absent: a fresh DRS snapshot.",
  }),
  recoverySnapshotTime: z.string().optional(),
  replicationState: z
    .string()
    .optional()
    .meta({ description: "DRS replication state when the execution started" }),
  dataAgeSeconds: z.number().optional().meta({
    description:
      "Seconds from recoverySnapshotTime to the execution start (the RPO achieved); absent with fresh data",
  }),
  terminatedAt: z.string().optional().meta({
    description: 'When the recovery instances of this server were terminated (after "terminate instances")',
  }),
});
export type ExecutionServer = z.infer<typeof ExecutionServer>;

/** A server of the plan that an execution left out, at the operator's request. */
export const ExcludedServer = z.strictObject({
  serverId: z.string(),
  hostname: z.string().optional(),
  groupId: z.string().optional(),
});
export type ExcludedServer = z.infer<typeof ExcludedServer>;

export const ExecutionWave = z.strictObject({
  waveNumber: z.int(),
  waveName: z.string(),
  status: WaveStatus,
  dependsOnWaves: z.array(z.int()),
  startTime: z.string().optional(),
  endTime: z.string().optional(),
  jobIds: z.array(z.string()),
  servers: z.array(ExecutionServer),
});
export type ExecutionWave = z.infer<typeof ExecutionWave>;

/** The execution as the API returns it (`GET /executions/{id}`). */
export const Execution = z.strictObject({
  executionId: z.string(),
  planId: z.string(),
  planName: z.string(),
  planSnapshot: RecoveryPlan.optional().meta({
    description: "The plan as it was when the execution started (left out of list pages)",
  }),
  executionType: ExecutionType,
  status: ExecutionStatus,
  currentWave: z
    .int()
    .meta({ description: "Number of the most recently started wave (0 before the first starts)" }),
  totalWaves: z.int(),
  startTime: z.string(),
  endTime: z.string().optional(),
  initiatedBy: z.string(),
  waveStatus: z.array(ExecutionWave),
  instancesTerminated: z.boolean(),
  attempt: z.int().min(1).meta({ description: "Attempts so far (retry adds one)" }),
  pointInTime: z.string().optional().meta({
    description: "The chosen recovery point (ISO); absent when servers recover from their latest data",
  }),
  allowDegraded: z.boolean().optional().meta({
    description: "A DRILL started although some servers' replication was not live",
  }),
  excludedServers: z.array(ExcludedServer).optional().meta({
    description: "Servers of the plan the operator left out of this run",
  }),
  terminatedAt: z.string().optional().meta({
    description: "When the execution's recovery instances were terminated",
  }),
  cancellation: z
    .strictObject({
      requestedAt: z.string().optional(),
      requestedBy: z.string().optional(),
      forcedAt: z.string().optional(),
      forcedBy: z.string().optional(),
      reason: z.string().optional(),
    })
    .optional()
    .meta({
      description:
        "The cancel: who asked and when; when it was forced, by whom (a user, or system when DRS stopped answering) and why",
    }),
});
export type Execution = z.infer<typeof Execution>;

/** One stored event of an execution, summarised for its history (newest last). */
export const ExecutionHistoryEntry = z.strictObject({
  seq: z.int(),
  type: z.string(),
  timestamp: z.string(),
  actor: z.string().meta({ description: "The user who caused it, or system" }),
  reason: z.string().optional(),
  waveNumber: z.int().optional(),
  batchId: z.string().optional(),
});
export type ExecutionHistoryEntry = z.infer<typeof ExecutionHistoryEntry>;

/** `GET /executions/{id}`: the execution and its latest events. */
export const ExecutionDetail = Execution.extend({ events: z.array(ExecutionHistoryEntry) });
export type ExecutionDetail = z.infer<typeof ExecutionDetail>;
