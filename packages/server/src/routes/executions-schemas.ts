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

export const StartExecutionBody = z.strictObject({
  planId: z.string().min(1).max(128),
  executionType: ExecutionType,
});

export const BulkDeleteBody = z.strictObject({
  executionIds: z.array(z.string().min(1).max(128)).min(1).max(1000).optional(),
});

export const json = <T>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
