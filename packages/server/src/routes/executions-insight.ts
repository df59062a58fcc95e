import {
  type ExecutionReport,
  executionReport,
  matchesTags,
  NotFoundError,
  type RecoveryInstanceObservation,
} from "@drso/core";
import { z } from "@hono/zod-openapi";
import type { App, AppDeps } from "../app-deps";
import { IdParam } from "../http/common-params";
import { Envelope, sendOk } from "../http/envelope";
import { secureRoute } from "../http/secure-route";
import { listOncePerAccountRegion } from "../source-server-listings";
import { requireLauncher } from "./drs-launcher-dependency";
import { loadExecution, requireExecutions } from "./executions";
import { renderExecutionReport } from "./executions-report-html";
import { json } from "./executions-schemas";

const tags = ["executions"];

const jobLogs = secureRoute("drs:ViewResources", {
  method: "get",
  path: "/api/executions/{id}/job-logs",
  tags,
  summary: "DRS job log events of every job of the execution",
  request: { params: IdParam },
  responses: { 200: json(Envelope(z.unknown()), "Job logs per job") },
});
const terminationStatus = secureRoute("drs:ViewResources", {
  method: "get",
  path: "/api/executions/{id}/termination-status",
  tags,
  summary: "Progress of the termination of the execution's recovery instances",
  request: { params: IdParam },
  responses: { 200: json(Envelope(z.unknown()), "Termination status") },
});
const report = secureRoute("drs:ViewResources", {
  method: "get",
  path: "/api/executions/{id}/report",
  tags,
  summary:
    "Execution report: planned vs actual durations, RTO, failures (JSON, or printable HTML with format=html)",
  request: { params: IdParam, query: z.object({ format: z.enum(["json", "html"]).default("json") }) },
  responses: {
    200: {
      description: "The report",
      content: { "application/json": { schema: Envelope(z.unknown()) }, "text/html": { schema: z.string() } },
    },
  },
});
const existingInstances = secureRoute("drs:ViewResources", {
  method: "get",
  path: "/api/recovery-plans/{id}/check-existing-instances",
  tags: ["recovery-plans"],
  summary: "Recovery instances that already exist for the plan's servers (a new drill would replace them)",
  request: { params: IdParam },
  responses: { 200: json(Envelope(z.unknown()), "Existing recovery instances") },
});

/** Times servers became healthy, from the event log (the report's RTO). */
async function recoveredAt(deps: AppDeps, id: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const { event } of await requireExecutions(deps).store.events(id)) {
    if (event.type === "ServerHealthChanged" && event.health === "HEALTHY") out.set(event.serverId, event.at);
  }
  return out;
}

export async function reportOf(deps: AppDeps, id: string): Promise<ExecutionReport> {
  const state = await loadExecution(requireExecutions(deps), id);
  return executionReport(state, await recoveredAt(deps, id));
}

export function registerExecutionInsight(app: App, deps: AppDeps): void {
  app.openapi(jobLogs, async (c) => {
    const { id } = c.req.valid("param");
    const state = await loadExecution(requireExecutions(deps), id);
    const launcher = requireLauncher(deps);
    const jobs = Object.values(state.batches).filter((b) => b.jobId);
    const out = [];
    for (const b of jobs) {
      const items = await launcher.getJobLogItems(b.accountId, b.region, b.jobId as string);
      items.sort((x, y) => x.eventDateTime.localeCompare(y.eventDateTime));
      out.push({
        jobId: b.jobId,
        batchId: b.batchId,
        waveNumber: b.waveNumber,
        accountId: b.accountId,
        region: b.region,
        items,
      });
    }
    return sendOk(c, { executionId: id, jobs: out }, 200);
  });

  app.openapi(terminationStatus, async (c) => {
    const { id } = c.req.valid("param");
    const state = await loadExecution(requireExecutions(deps), id);
    const launcher = requireLauncher(deps);
    const targets = [];
    for (const t of state.termination.targets) {
      let jobStatus: string | undefined;
      if (t.jobId) jobStatus = (await launcher.describeJobs(t.accountId, t.region, [t.jobId]))[0]?.status;
      targets.push({ ...t, ...(jobStatus ? { jobStatus } : {}) });
    }
    const done = targets.length > 0 && targets.every((t) => t.jobStatus === "COMPLETED");
    return sendOk(
      c,
      {
        executionId: id,
        requested: state.termination.requested,
        instancesTerminated: state.instancesTerminated,
        status: !state.termination.requested
          ? "NOT_REQUESTED"
          : done || targets.length === 0
            ? "COMPLETED"
            : "IN_PROGRESS",
        targets,
      },
      200,
    );
  });

  app.openapi(report, async (c) => {
    const { id } = c.req.valid("param");
    const r = await reportOf(deps, id);
    if (c.req.valid("query").format === "html") return c.html(renderExecutionReport(r), 200);
    return sendOk(c, r, 200);
  });

  app.openapi(existingInstances, async (c) => {
    const { id } = c.req.valid("param");
    const plan = await deps.store.getRecoveryPlan(id);
    if (!plan) throw new NotFoundError("Recovery plan", id);
    const launcher = requireLauncher(deps);
    const instances: (RecoveryInstanceObservation & { accountId: string; region: string })[] = [];
    const listOnce = listOncePerAccountRegion(deps.catalog);
    for (const groupId of new Set(plan.waves.flatMap((w) => w.protectionGroupIds))) {
      const group = await deps.store.getProtectionGroup(groupId);
      if (!group) continue;
      const serverIds =
        group.serverIds ??
        (await listOnce(group.accountId, group.region))
          .filter((s) => matchesTags(s, group.tagCriteria ?? {}))
          .map((s) => s.serverId);
      if (serverIds.length === 0) continue;
      for (const r of await launcher.describeRecoveryInstances(group.accountId, group.region, {
        serverIds,
      })) {
        instances.push({ ...r, accountId: group.accountId, region: group.region });
      }
    }
    return sendOk(c, { planId: id, hasExistingInstances: instances.length > 0, instances }, 200);
  });
}
