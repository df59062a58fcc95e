import { type ExecutionState, InvalidStateError, isTerminalExecutionStatus, NotFoundError } from "@drso/core";
import { z } from "@hono/zod-openapi";
import type { App, AppDeps } from "../app-deps";
import { auditEntry } from "../audit-entry";
import { Envelope, sendOk } from "../http/envelope";
import { jsonBody, secureRoute } from "../http/secure-route";
import { requireExecutions } from "./executions";
import { json } from "./executions-schemas";

/** `POST /executions/delete` (seeds: delete selected executions from history). */
export const DeleteSelectedBody = z.strictObject({
  executionIds: z
    .array(z.string().min(1).max(128))
    .min(1)
    .max(1000)
    .meta({ description: "Executions to delete; every one must have ended" }),
});

const route = secureRoute("drs:ManageExecution", {
  method: "post",
  path: "/api/executions/delete",
  tags: ["executions"],
  summary:
    "Delete the selected finished executions from history: all or nothing (409 naming every active or paused one)",
  request: { body: jsonBody(DeleteSelectedBody) },
  responses: { 200: json(Envelope(z.object({ deleted: z.array(z.string()) })), "Deleted") },
});

/** Why an execution cannot be deleted now, or undefined when it can. */
function refusal(s: ExecutionState): string | undefined {
  if (!isTerminalExecutionStatus(s.status)) return `is ${s.status}`;
  if (s.termination.requested && !s.instancesTerminated) return "is terminating its recovery instances";
  return undefined;
}

export function registerExecutionDelete(app: App, deps: AppDeps): void {
  app.openapi(route, async (c) => {
    const runtime = requireExecutions(deps);
    const ids = [...new Set(c.req.valid("json").executionIds)];
    const states = await Promise.all(
      ids.map(async (id) => ({ id, state: runtime.driver.current(id) ?? (await runtime.store.get(id)) })),
    );
    const missing = states.filter((s) => !s.state).map((s) => s.id);
    if (missing.length === 1) throw new NotFoundError("Execution", missing[0] as string);
    if (missing.length > 1) throw new NotFoundError("Executions", missing.join(", "));
    const refused = states.flatMap(({ id, state }) => {
      const why = state ? refusal(state) : undefined;
      return why && state ? [{ executionId: id, status: state.status, reason: why }] : [];
    });
    if (refused.length > 0) {
      throw new InvalidStateError(
        "EXECUTION_NOT_FINISHED",
        `Nothing deleted: ${refused.map((r) => `${r.executionId} ${r.reason}`).join("; ")}`,
        { executions: refused },
      );
    }
    const deleted = await runtime.store.deleteTerminal(
      ids,
      auditEntry(
        c.get("actor").username,
        "DeleteExecutions",
        "execution",
        ids.length === 1 ? (ids[0] as string) : "*",
        {},
        { requested: ids },
        deps.now(),
      ),
    );
    return sendOk(c, { deleted }, 200);
  });
}
