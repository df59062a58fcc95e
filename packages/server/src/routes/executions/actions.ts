import type { UserAction } from "@drso/core";
import { z } from "@hono/zod-openapi";
import type { App, AppDeps } from "../../app-deps";
import { IdParam } from "../../http/common-params";
import { Envelope, sendOk } from "../../http/envelope";
import { secureRoute } from "../../http/secure-route";
import { actOnExecution } from "../../services/executions";
import { ExecutionSchema, json } from "./schemas";

const ACTIONS: {
  action: Exclude<UserAction, "forceCancel">;
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
    summary:
      "Cancel: no new waves, running jobs finish. With force=true: CANCELLED at once, DRS jobs in flight are not waited for and the servers are released",
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

/** `?force=true` on cancel: end the execution now instead of waiting for its DRS jobs. */
const CancelQuery = z.object({
  force: z.enum(["true", "false"]).optional().openapi({
    description:
      "true: end the execution CANCELLED now without waiting for DRS (admin or DRSRecoveryManager, as every execution action)",
  }),
});

/** `POST /executions/{id}/<action>`: one route per user action, each answering the execution after it. */
export function registerExecutionActions(app: App, deps: AppDeps): void {
  for (const { action, path, permission, summary } of ACTIONS) {
    const route = secureRoute(permission, {
      method: "post",
      path: `/api/executions/{id}/${path}`,
      tags: ["executions"],
      summary,
      request: { params: IdParam, ...(action === "cancel" ? { query: CancelQuery } : {}) },
      responses: { 200: json(Envelope(ExecutionSchema), "The execution after the action") },
    });
    app.openapi(route, async (c) => {
      // The route's CancelQuery already refused any other value with 400.
      const forced = action === "cancel" && c.req.query("force") === "true";
      return sendOk(
        c,
        await actOnExecution(deps, c.req.valid("param").id, forced ? "forceCancel" : action, c.get("actor")),
        200,
      );
    });
  }
}
