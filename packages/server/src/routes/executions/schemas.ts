import { EXECUTION_STATUSES, ExecutionType, WAVE_STATUSES } from "@drso/core";
import { z } from "@hono/zod-openapi";

/** OpenAPI shapes of the execution endpoints (the engine's types are the source of truth). */

export const ExecutionServerSchema = z.looseObject({
  serverId: z.string(),
  hostname: z.string(),
  accountId: z.string(),
  region: z.string(),
  jobId: z.string().optional(),
  launchStatus: z.string(),
  recoveryInstanceId: z.string().optional(),
  ec2InstanceId: z.string().optional(),
  ec2State: z.string().optional(),
  health: z.string(),
  error: z.string().optional(),
  /** Point-in-time executions: the DRS recovery snapshot this server launches from. */
  recoverySnapshotId: z.string().optional(),
  recoverySnapshotTime: z.string().optional(),
  /** DRS replication state at start. */
  replicationState: z.string().optional(),
  /** Seconds from the server's recovery snapshot to the start (RPO achieved); absent with fresh data. */
  dataAgeSeconds: z.number().optional(),
  terminatedAt: z.string().optional(),
});

export const ExecutionSchema = z
  .looseObject({
    executionId: z.string(),
    planId: z.string(),
    planName: z.string(),
    executionType: ExecutionType,
    status: z.enum(EXECUTION_STATUSES),
    currentWave: z.number(),
    totalWaves: z.number(),
    startTime: z.string(),
    endTime: z.string().optional(),
    initiatedBy: z.string(),
    instancesTerminated: z.boolean(),
    pointInTime: z.string().optional(),
    allowDegraded: z.boolean().optional(),
    excludedServers: z
      .array(
        z.looseObject({
          serverId: z.string(),
          hostname: z.string().optional(),
          groupId: z.string().optional(),
        }),
      )
      .optional(),
    terminatedAt: z.string().optional(),
    waveStatus: z.array(
      z.looseObject({
        waveNumber: z.number(),
        waveName: z.string(),
        status: z.enum(WAVE_STATUSES),
        startTime: z.string().optional(),
        endTime: z.string().optional(),
        jobIds: z.array(z.string()),
        servers: z.array(ExecutionServerSchema),
      }),
    ),
  })
  .openapi("Execution");

export const ExecutionListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  nextToken: z.string().max(2048).optional(),
  status: z.enum(EXECUTION_STATUSES).optional(),
  planId: z.string().max(128).optional(),
});

/** Recover to a point in time: each server from its newest DRS snapshot at or before it (default: latest). */
const PointInTime = z.iso.datetime({ offset: true }).optional().openapi({
  description:
    "Recover every server from its newest DRS recovery snapshot taken at or before this time; omit for the latest data",
  example: "2026-11-20T08:00:00Z",
});

const AllowDegraded = z.boolean().optional().openapi({
  description:
    "DRILL: launch servers whose replication is not live (DISCONNECTED, STALLED…) from their newest recovery snapshot instead of refusing (a RECOVERY always does)",
});
const ExcludeServers = z.array(z.string().min(1).max(128)).max(1000).optional().openapi({
  description: "Source server ids of the plan to leave out of this run (recorded on the execution)",
});

export const ExecuteBody = z.strictObject({
  executionType: ExecutionType,
  pointInTime: PointInTime,
  allowDegraded: AllowDegraded,
  excludeServers: ExcludeServers,
});

export const StartExecutionBody = z.strictObject({
  planId: z.string().min(1).max(128),
  executionType: ExecutionType,
  pointInTime: PointInTime,
  allowDegraded: AllowDegraded,
  excludeServers: ExcludeServers,
});

export const BulkDeleteBody = z.strictObject({
  executionIds: z.array(z.string().min(1).max(128)).min(1).max(1000).optional(),
});

export const json = <T>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
