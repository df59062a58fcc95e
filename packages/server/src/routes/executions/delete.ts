import { z } from "@hono/zod-openapi";
import type { App, AppDeps } from "../../app-deps";
import { Envelope, sendOk } from "../../http/envelope";
import { jsonBody, secureRoute } from "../../http/secure-route";
import { deleteFinishedExecutions, deleteSelectedExecutions } from "../../services/executions";
import { BulkDeleteBody, json } from "./schemas";

const tags = ["executions"];

const bulkDelete = secureRoute("drs:ManageExecution", {
  method: "delete",
  path: "/api/executions",
  tags,
  summary: "Delete finished executions (the given ids, or all finished ones)",
  request: { body: { required: false, content: { "application/json": { schema: BulkDeleteBody } } } },
  responses: { 200: json(Envelope(z.object({ deleted: z.array(z.string()) })), "Deleted") },
});

/** `POST /executions/delete` (delete selected executions from history). */
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

/** `DELETE /executions`: the body is optional, so it is read here rather than validated by the route. */
export function registerBulkExecutionDelete(app: App, deps: AppDeps): void {
  app.openapi(bulkDelete, async (c) => {
    let ids: string[] | undefined;
    if ((c.req.header("content-type") ?? "").includes("application/json")) {
      const text = await c.req.text();
      ids = text.trim() ? BulkDeleteBody.parse(JSON.parse(text)).executionIds : undefined;
    }
    return sendOk(c, await deleteFinishedExecutions(deps, ids, c.get("actor")), 200);
  });
}

export function registerExecutionDelete(app: App, deps: AppDeps): void {
  app.openapi(route, async (c) =>
    sendOk(c, await deleteSelectedExecutions(deps, c.req.valid("json").executionIds, c.get("actor")), 200),
  );
}
