import { EXECUTION_STATUSES, WAVE_STATUSES } from "@drso/core";
import { z } from "@hono/zod-openapi";
import type { App, AppDeps } from "../../app-deps";
import { IdParam } from "../../http/common-params";
import { Envelope, sendOk } from "../../http/envelope";
import { secureRoute } from "../../http/secure-route";
import { executionJobs, executionStatus, executionWaves } from "../../services/execution-progress";
import { json } from "./schemas";

const tags = ["executions"];

const Counts = z
  .object({
    total: z.int(),
    byHealth: z.record(z.string(), z.int()),
    byLaunchStatus: z.record(z.string(), z.int()),
  })
  .openapi("ExecutionServerCounts");

const ExecutionStatusView = z
  .looseObject({
    executionId: z.string(),
    status: z.enum(EXECUTION_STATUSES),
    isTerminal: z.boolean(),
    currentWave: z.int(),
    totalWaves: z.int(),
    completedWaves: z.int(),
    activeWaves: z.array(
      z.object({ waveNumber: z.int(), waveName: z.string(), status: z.enum(WAVE_STATUSES) }),
    ),
    pause: z.looseObject({
      paused: z.boolean(),
      reason: z.enum(["USER", "WAVE_APPROVAL"]).nullable(),
      waitingApprovalWave: z.int().optional(),
    }),
    servers: Counts,
    progressPercent: z.int().min(0).max(100),
    durationSeconds: z.int(),
  })
  .openapi("ExecutionStatusView");

const ExecutionWavesView = z
  .looseObject({
    executionId: z.string(),
    status: z.enum(EXECUTION_STATUSES),
    waves: z.array(
      z.looseObject({
        waveNumber: z.int(),
        waveName: z.string(),
        status: z.enum(WAVE_STATUSES),
        startTime: z.string().optional(),
        endTime: z.string().optional(),
        durationSeconds: z.int().optional(),
        jobIds: z.array(z.string()),
        serverCount: z.int(),
        servers: Counts,
        failedServers: z.array(z.looseObject({ serverId: z.string(), error: z.string().optional() })),
      }),
    ),
  })
  .openapi("ExecutionWavesView");

const ExecutionJobsView = z
  .looseObject({
    executionId: z.string(),
    jobIds: z.array(z.string()),
    jobs: z.array(
      z.looseObject({
        jobId: z.string(),
        waveNumber: z.int(),
        accountId: z.string(),
        region: z.string(),
        status: z
          .string()
          .meta({ description: "DRS job status (PENDING, STARTED, COMPLETED), UNKNOWN when unreadable" }),
        drsError: z.string().optional(),
        servers: z.array(z.looseObject({ serverId: z.string(), launchStatus: z.string() })),
      }),
    ),
    unlaunchedBatches: z.array(z.looseObject({ batchId: z.string(), status: z.string() })),
  })
  .openapi("ExecutionJobsView");

const status = secureRoute("drs:ViewResources", {
  method: "get",
  path: "/api/executions/{id}/status",
  tags,
  summary:
    "Compact live status: status, active waves, server counts per health and launch status, pause, progress %",
  request: { params: IdParam },
  responses: { 200: json(Envelope(ExecutionStatusView), "The execution's status") },
});
const waves = secureRoute("drs:ViewResources", {
  method: "get",
  path: "/api/executions/{id}/waves",
  tags,
  summary: "One row per wave: status, times, DRS job ids, server counts and failed servers",
  request: { params: IdParam },
  responses: { 200: json(Envelope(ExecutionWavesView), "The execution's waves") },
});
const jobs = secureRoute("drs:ViewResources", {
  method: "get",
  path: "/api/executions/{id}/jobs",
  tags,
  summary:
    "The execution's DRS jobs with the batch recorded by the orchestrator and the job's live DRS status (DescribeJobs)",
  request: { params: IdParam },
  responses: { 200: json(Envelope(ExecutionJobsView), "The execution's DRS jobs") },
});

export function registerExecutionProgress(app: App, deps: AppDeps): void {
  app.openapi(status, async (c) => sendOk(c, await executionStatus(deps, c.req.valid("param").id), 200));
  app.openapi(waves, async (c) => sendOk(c, await executionWaves(deps, c.req.valid("param").id), 200));
  app.openapi(jobs, async (c) => sendOk(c, await executionJobs(deps, c.req.valid("param").id), 200));
}
