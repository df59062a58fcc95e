import {
  type BatchState,
  type DrsJobObservation,
  EXECUTION_STATUSES,
  isDomainError,
  WAVE_STATUSES,
} from "@drso/core";
import { z } from "@hono/zod-openapi";
import type { App, AppDeps } from "../app-deps";
import { IdParam } from "../http/common-params";
import { Envelope, sendOk } from "../http/envelope";
import { secureRoute } from "../http/secure-route";
import { loadExecution, requireExecutions } from "./executions";
import { executionStatusView, executionWavesView } from "./executions-progress-view";
import { json } from "./executions-schemas";

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

const scopeKey = (b: { accountId: string; region: string }) => `${b.accountId}/${b.region}`;

/**
 * Live DRS view of the jobs: one DescribeJobs per account-region (never one per job). An account
 * that cannot be read keeps its jobs listed with the error instead of failing the whole answer.
 */
async function describeLive(
  deps: AppDeps,
  batches: readonly BatchState[],
): Promise<{ jobs: Map<string, DrsJobObservation>; errors: Map<string, string> }> {
  const jobs = new Map<string, DrsJobObservation>();
  const errors = new Map<string, string>();
  const launcher = deps.launcher;
  const byScope = new Map<string, BatchState[]>();
  for (const b of batches) byScope.set(scopeKey(b), [...(byScope.get(scopeKey(b)) ?? []), b]);
  for (const [key, group] of byScope) {
    const first = group[0];
    if (!first) continue;
    if (!launcher) {
      errors.set(key, "DRS adapters are not configured on this server");
      continue;
    }
    try {
      const ids = group.map((b) => b.jobId).filter((id): id is string => id !== undefined);
      for (const job of await launcher.describeJobs(first.accountId, first.region, ids))
        jobs.set(job.jobId, job);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      errors.set(key, error.message);
    }
  }
  return { jobs, errors };
}

export function registerExecutionProgress(app: App, deps: AppDeps): void {
  app.openapi(status, async (c) => {
    const state = await loadExecution(requireExecutions(deps), c.req.valid("param").id);
    return sendOk(c, executionStatusView(state, deps.now()), 200);
  });

  app.openapi(waves, async (c) => {
    const state = await loadExecution(requireExecutions(deps), c.req.valid("param").id);
    return sendOk(c, executionWavesView(state, deps.now()), 200);
  });

  app.openapi(jobs, async (c) => {
    const { id } = c.req.valid("param");
    const state = await loadExecution(requireExecutions(deps), id);
    const launched = Object.values(state.batches)
      .filter((b) => b.jobId !== undefined)
      .sort((a, b) => a.waveNumber - b.waveNumber || a.batchId.localeCompare(b.batchId));
    const live = await describeLive(deps, launched);
    const items = launched.map((b) => {
      const job = live.jobs.get(b.jobId as string);
      const error = live.errors.get(scopeKey(b));
      const drsServers = new Map(job?.servers.map((s) => [s.serverId, s]) ?? []);
      return {
        jobId: b.jobId as string,
        batchId: b.batchId,
        waveNumber: b.waveNumber,
        attempt: b.attempt,
        accountId: b.accountId,
        region: b.region,
        batchStatus: b.status,
        // DRS's own answer wins over what the runner last recorded.
        status: job?.status ?? b.jobStatus ?? "UNKNOWN",
        ...(job?.type ? { type: job.type } : {}),
        ...(job?.creationDateTime ? { creationDateTime: job.creationDateTime } : {}),
        ...(job?.endDateTime ? { endDateTime: job.endDateTime } : {}),
        ...(b.launchedAt ? { launchedAt: b.launchedAt } : {}),
        ...(b.endedAt ? { endedAt: b.endedAt } : {}),
        ...(b.error ? { batchError: b.error } : {}),
        ...(error ? { drsError: error } : {}),
        serverCount: b.serverIds.length,
        servers: b.serverIds.map((serverId) => {
          const recorded = state.servers[serverId];
          const drs = drsServers.get(serverId);
          return {
            serverId,
            ...(recorded ? { hostname: recorded.hostname } : {}),
            launchStatus: drs?.launchStatus ?? recorded?.launchStatus ?? "NOT_STARTED",
            ...((drs?.recoveryInstanceId ?? recorded?.recoveryInstanceId)
              ? { recoveryInstanceId: drs?.recoveryInstanceId ?? recorded?.recoveryInstanceId }
              : {}),
            ...(recorded?.ec2InstanceId ? { ec2InstanceId: recorded.ec2InstanceId } : {}),
          };
        }),
      };
    });
    const waiting = Object.values(state.batches).filter((b) => b.jobId === undefined);
    return sendOk(
      c,
      {
        executionId: id,
        jobIds: items.map((j) => j.jobId),
        jobs: items,
        // Batches without a DRS job yet (waiting for their wave or quota) or refused by DRS.
        unlaunchedBatches: waiting.map((b) => ({
          batchId: b.batchId,
          waveNumber: b.waveNumber,
          status: b.status,
          serverCount: b.serverIds.length,
          ...(b.error ? { error: b.error } : {}),
        })),
      },
      200,
    );
  });
}
