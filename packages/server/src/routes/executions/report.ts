import { z } from "@hono/zod-openapi";
import type { App, AppDeps } from "../../app-deps";
import { IdParam } from "../../http/common-params";
import { Envelope, sendOk } from "../../http/envelope";
import { secureRoute } from "../../http/secure-route";
import {
  executionJobLogs,
  executionTerminationStatus,
  existingRecoveryInstances,
  reportOf,
} from "../../services/execution-insight";
import { renderExecutionReport } from "./report-html";
import { json } from "./schemas";

const tags = ["executions"];

const jobLogs = secureRoute("drs:ViewResources", {
  method: "get",
  path: "/api/executions/{id}/job-logs",
  tags,
  summary: "DRS job log events of every job of the execution",
  request: { params: IdParam },
  responses: { 200: json(Envelope(z.unknown()), "Job logs per job") },
});
const terminationStatusRoute = secureRoute("drs:ViewResources", {
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

export function registerExecutionReport(app: App, deps: AppDeps): void {
  app.openapi(jobLogs, async (c) => sendOk(c, await executionJobLogs(deps, c.req.valid("param").id), 200));
  app.openapi(terminationStatusRoute, async (c) =>
    sendOk(c, await executionTerminationStatus(deps, c.req.valid("param").id), 200),
  );
  app.openapi(report, async (c) => {
    const r = await reportOf(deps, c.req.valid("param").id);
    if (c.req.valid("query").format === "html") return c.html(renderExecutionReport(r), 200);
    return sendOk(c, r, 200);
  });
  app.openapi(existingInstances, async (c) =>
    sendOk(c, await existingRecoveryInstances(deps, c.req.valid("param").id), 200),
  );
}
