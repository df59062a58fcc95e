import { ExecuteRequest } from "@drso/core";
import { z } from "@hono/zod-openapi";
import type { App, AppDeps } from "../../app-deps";
import { IdParam } from "../../http/common-params";
import { Envelope, PageOf, sendOk } from "../../http/envelope";
import { jsonBody, secureRoute } from "../../http/secure-route";
import { getExecutionDetail, listExecutions, startExecution } from "../../services/executions";
import { registerExecutionActions } from "./actions";
import { registerBulkExecutionDelete, registerExecutionDelete } from "./delete";
import { registerExecutionEvents } from "./events";
import { registerExecutionProgress } from "./progress";
import { registerExecutionReport } from "./report";
import {
  ExecutionDetailSchema,
  ExecutionListQuery,
  ExecutionSchema,
  ExecutionSummarySchema,
  json,
  StartExecutionBody,
} from "./schemas";

const tags = ["executions"];

const execute = secureRoute("drs:ExecuteRecovery", {
  method: "post",
  path: "/api/recovery-plans/{id}/execute",
  tags,
  summary: "Start a drill or recovery of the plan (start checks answer 400/409/429 with reasons)",
  request: {
    params: IdParam,
    body: jsonBody(ExecuteRequest),
  },
  responses: {
    202: json(Envelope(ExecutionSchema), "Started"),
    429: json(z.unknown(), "Not enough DRS quota headroom"),
  },
});
const start = secureRoute("drs:ExecuteRecovery", {
  method: "post",
  path: "/api/executions",
  tags,
  summary: "Start an execution of a plan (same as POST /recovery-plans/{id}/execute)",
  request: { body: jsonBody(StartExecutionBody) },
  responses: { 202: json(Envelope(ExecutionSchema), "Started") },
});
const list = secureRoute("drs:ViewResources", {
  method: "get",
  path: "/api/executions",
  tags,
  summary: "List executions, newest first (filters: status, planId)",
  request: { query: ExecutionListQuery },
  responses: { 200: json(Envelope(PageOf(ExecutionSummarySchema)), "A page of executions") },
});
const get = secureRoute("drs:ViewResources", {
  method: "get",
  path: "/api/executions/{id}",
  tags,
  summary: "An execution with its waves, servers, jobs and events",
  request: { params: IdParam },
  responses: { 200: json(Envelope(ExecutionDetailSchema), "The execution") },
});
/** Every execution endpoint; one entry in `routes/index.ts`. */
export function registerExecutionRoutes(app: App, deps: AppDeps): void {
  app.openapi(execute, async (c) => {
    const input = { planId: c.req.valid("param").id, ...c.req.valid("json") };
    return sendOk(c, await startExecution(deps, input, c.get("actor")), 202);
  });
  app.openapi(start, async (c) =>
    sendOk(c, await startExecution(deps, c.req.valid("json"), c.get("actor")), 202),
  );
  app.openapi(list, async (c) => sendOk(c, await listExecutions(deps, c.req.valid("query")), 200));
  app.openapi(get, async (c) => sendOk(c, await getExecutionDetail(deps, c.req.valid("param").id), 200));
  registerExecutionActions(app, deps);
  registerBulkExecutionDelete(app, deps);
  registerExecutionReport(app, deps);
  registerExecutionProgress(app, deps);
  registerExecutionDelete(app, deps);
  registerExecutionEvents(app, deps);
}
