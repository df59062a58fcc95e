import { ExecuteRequest, Execution, ExecutionDetail, ExecutionStatus } from "@drso/core";
import { z } from "@hono/zod-openapi";

/** OpenAPI shapes of the execution endpoints: core's execution schemas, named for the document. */

export const ExecutionSchema = Execution.meta({ id: "Execution" });

/** The list leaves each execution's plan snapshot out. */
export const ExecutionSummarySchema = Execution.omit({ planSnapshot: true }).meta({ id: "ExecutionSummary" });

export const ExecutionDetailSchema = ExecutionDetail.meta({ id: "ExecutionDetail" });

export const ExecutionListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  nextToken: z.string().max(2048).optional(),
  status: ExecutionStatus.optional(),
  planId: z.string().max(128).optional(),
});

export const StartExecutionBody = ExecuteRequest.extend({ planId: z.string().min(1).max(128) });

export const BulkDeleteBody = z.strictObject({
  executionIds: z.array(z.string().min(1).max(128)).min(1).max(1000).optional(),
});

export const json = <T>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
