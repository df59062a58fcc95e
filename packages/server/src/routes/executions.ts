import {
  type Actor,
  type ExecutionState,
  executionView,
  NotFoundError,
  UpstreamError,
  type UserAction,
} from "@drso/core";
import { z } from "@hono/zod-openapi";
import type { App, AppDeps } from "../app-deps";
import { auditEntry } from "../audit-entry";
import { IdParam } from "../http/common-params";
import { Envelope, PageOf, sendOk } from "../http/envelope";
import { jsonBody, secureRoute } from "../http/secure-route";
import { createExecution } from "../runner/execution-starter";
import { type ExecutionsRuntime, executionsRuntimeOf } from "../runner/index";
import {
  BulkDeleteBody,
  ExecuteBody,
  ExecutionListQuery,
  ExecutionSchema,
  json,
  StartExecutionBody,
} from "./executions-schemas";

const tags = ["executions"];

const execute = secureRoute("drs:ExecuteRecovery", {
  method: "post",
  path: "/api/recovery-plans/{id}/execute",
  tags,
  summary: "Start a drill or recovery of the plan (start checks answer 400/409/429 with reasons)",
  request: {
    params: IdParam,
    body: jsonBody(ExecuteBody),
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
  responses: { 200: json(Envelope(PageOf(ExecutionSchema)), "A page of executions") },
});
const get = secureRoute("drs:ViewResources", {
  method: "get",
  path: "/api/executions/{id}",
  tags,
  summary: "An execution with its waves, servers, jobs and events",
  request: { params: IdParam },
  responses: { 200: json(Envelope(ExecutionSchema), "The execution") },
});
const bulkDelete = secureRoute("drs:ManageExecution", {
  method: "delete",
  path: "/api/executions",
  tags,
  summary: "Delete finished executions (the given ids, or all finished ones)",
  request: { body: { required: false, content: { "application/json": { schema: BulkDeleteBody } } } },
  responses: { 200: json(Envelope(z.object({ deleted: z.array(z.string()) })), "Deleted") },
});

const ACTIONS: {
  action: UserAction;
  path: string;
  permission: "drs:ManageExecution" | "drs:TerminateInstances";
  summary: string;
}[] = [
  {
    action: "pause",
    path: "pause",
    permission: "drs:ManageExecution",
    summary: "Pause before the next wave (running jobs finish)",
  },
  {
    action: "resume",
    path: "resume",
    permission: "drs:ManageExecution",
    summary: "Resume a paused execution",
  },
  {
    action: "cancel",
    path: "cancel",
    permission: "drs:ManageExecution",
    summary: "Cancel: no new waves, running jobs finish",
  },
  {
    action: "retry",
    path: "retry",
    permission: "drs:ManageExecution",
    summary: "Relaunch the failed servers as a new attempt",
  },
  {
    action: "terminate",
    path: "terminate-instances",
    permission: "drs:TerminateInstances",
    summary: "Terminate the recovery instances of a finished execution (once)",
  },
];

export function requireExecutions(deps: AppDeps): ExecutionsRuntime {
  const runtime = executionsRuntimeOf(deps);
  if (!runtime)
    throw new UpstreamError(
      "EXECUTIONS_UNAVAILABLE",
      "The execution runner is not configured on this server",
    );
  return runtime;
}

/** The live state when the runner drives it, else the stored one; 404 when unknown. */
export async function loadExecution(runtime: ExecutionsRuntime, id: string): Promise<ExecutionState> {
  const state = runtime.driver.current(id) ?? (await runtime.store.get(id));
  if (!state) throw new NotFoundError("Execution", id);
  return state;
}

async function startAndTrack(
  deps: AppDeps,
  planId: string,
  executionType: "DRILL" | "RECOVERY",
  actor: Actor,
  pointInTime: string | undefined,
) {
  const runtime = requireExecutions(deps);
  const state = await createExecution(runtime.starter, planId, executionType, actor, {
    ...(pointInTime ? { pointInTime: new Date(pointInTime) } : {}),
  });
  await runtime.driver.started(state);
  return executionView(state);
}

export function registerExecutions(app: App, deps: AppDeps): void {
  app.openapi(execute, async (c) => {
    const { id } = c.req.valid("param");
    const { executionType, pointInTime } = c.req.valid("json");
    return sendOk(c, await startAndTrack(deps, id, executionType, c.get("actor"), pointInTime), 202);
  });

  app.openapi(start, async (c) => {
    const { planId, executionType, pointInTime } = c.req.valid("json");
    return sendOk(c, await startAndTrack(deps, planId, executionType, c.get("actor"), pointInTime), 202);
  });

  app.openapi(list, async (c) => {
    const runtime = requireExecutions(deps);
    const { status, planId, limit, nextToken } = c.req.valid("query");
    const page = await runtime.store.list(
      { ...(status ? { status } : {}), ...(planId ? { planId } : {}) },
      { limit, ...(nextToken ? { nextToken } : {}) },
    );
    const items = page.items.map((s) => {
      const { planSnapshot: _omitted, ...view } = executionView(runtime.driver.current(s.executionId) ?? s);
      return view;
    });
    return sendOk(c, { items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) }, 200);
  });

  app.openapi(get, async (c) => {
    const runtime = requireExecutions(deps);
    const { id } = c.req.valid("param");
    const state = await loadExecution(runtime, id);
    const events = (await runtime.store.latestEvents(id, 500)).map(({ seq, event }) => {
      const { type, at } = event;
      const actor = "actor" in event ? event.actor : "system";
      const reason = "reason" in event ? event.reason : undefined;
      const subject =
        "waveNumber" in event
          ? { waveNumber: event.waveNumber }
          : "batchId" in event
            ? { batchId: event.batchId }
            : {};
      return { seq, type, timestamp: at, actor, ...(reason ? { reason } : {}), ...subject };
    });
    return sendOk(c, { ...executionView(state), events }, 200);
  });

  for (const { action, path, permission, summary } of ACTIONS) {
    const route = secureRoute(permission, {
      method: "post",
      path: `/api/executions/{id}/${path}`,
      tags,
      summary,
      request: { params: IdParam },
      responses: { 200: json(Envelope(ExecutionSchema), "The execution after the action") },
    });
    app.openapi(route, async (c) => {
      const runtime = requireExecutions(deps);
      const { id } = c.req.valid("param");
      const actor = c.get("actor");
      await loadExecution(runtime, id);
      const after = await runtime.driver.act(id, action, actor.username);
      if (!after) throw new NotFoundError("Execution", id);
      await runtime.store.recordAudit(
        auditEntry(
          actor.username,
          `${action[0]?.toUpperCase()}${action.slice(1)}Execution`,
          "execution",
          id,
          {},
          { status: after.status },
          deps.now(),
        ),
      );
      return sendOk(c, executionView(after), 200);
    });
  }

  app.openapi(bulkDelete, async (c) => {
    const runtime = requireExecutions(deps);
    const actor = c.get("actor");
    let ids: string[] | undefined;
    if ((c.req.header("content-type") ?? "").includes("application/json")) {
      const text = await c.req.text();
      ids = text.trim() ? BulkDeleteBody.parse(JSON.parse(text)).executionIds : undefined;
    }
    if (!ids) {
      ids = [];
      let nextToken: string | undefined;
      do {
        const page = await runtime.store.list({}, { limit: 1000, ...(nextToken ? { nextToken } : {}) });
        ids.push(...page.items.map((s) => s.executionId));
        nextToken = page.nextToken;
      } while (nextToken);
    }
    const deleted = await runtime.store.deleteTerminal(
      ids,
      auditEntry(
        actor.username,
        "DeleteExecutions",
        "execution",
        "*",
        {},
        { requested: ids.length },
        deps.now(),
      ),
    );
    return sendOk(c, { deleted }, 200);
  });
}
