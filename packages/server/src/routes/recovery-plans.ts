import { RecoveryPlan, RecoveryPlanInput, RecoveryPlanUpdate } from "@drso/core";
import type { App, AppDeps } from "../app-deps";
import { IdParam, PageQuery } from "../http/common-params";
import { Envelope, PageOf, sendOk } from "../http/envelope";
import { jsonBody, secureRoute } from "../http/secure-route";
import {
  createRecoveryPlan,
  deleteRecoveryPlan,
  getRecoveryPlan,
  listRecoveryPlans,
  updateRecoveryPlan,
} from "../services/recovery-plans";

const PlanSchema = RecoveryPlan.meta({ id: "RecoveryPlan" });
const json = <T>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
const tags = ["recovery-plans"];

const list = secureRoute("drs:ViewResources", {
  method: "get",
  path: "/api/recovery-plans",
  tags,
  summary: "List recovery plans",
  request: { query: PageQuery },
  responses: { 200: json(Envelope(PageOf(PlanSchema)), "A page of plans") },
});
const get = secureRoute("drs:ViewResources", {
  method: "get",
  path: "/api/recovery-plans/{id}",
  tags,
  summary: "Get a recovery plan",
  request: { params: IdParam },
  responses: { 200: json(Envelope(PlanSchema), "The plan") },
});
const create = secureRoute("drs:CreateRecoveryPlan", {
  method: "post",
  path: "/api/recovery-plans",
  tags,
  summary: "Create a recovery plan (waves with dependencies)",
  request: { body: jsonBody(RecoveryPlanInput) },
  responses: { 201: json(Envelope(PlanSchema), "Created") },
});
const update = secureRoute("drs:UpdateRecoveryPlan", {
  method: "put",
  path: "/api/recovery-plans/{id}",
  tags,
  summary: "Replace a recovery plan (send the version you read)",
  request: { params: IdParam, body: jsonBody(RecoveryPlanUpdate) },
  responses: { 200: json(Envelope(PlanSchema), "Updated") },
});
const remove = secureRoute("drs:DeleteRecoveryPlan", {
  method: "delete",
  path: "/api/recovery-plans/{id}",
  tags,
  summary: "Delete a recovery plan",
  request: { params: IdParam },
  responses: { 204: { description: "Deleted" } },
});

export function registerRecoveryPlans(app: App, deps: AppDeps): void {
  app.openapi(list, async (c) => sendOk(c, await listRecoveryPlans(deps, c.req.valid("query")), 200));
  app.openapi(get, async (c) => sendOk(c, await getRecoveryPlan(deps, c.req.valid("param").id), 200));
  app.openapi(create, async (c) =>
    sendOk(c, await createRecoveryPlan(deps, c.req.valid("json"), c.get("actor")), 201),
  );
  app.openapi(update, async (c) =>
    sendOk(
      c,
      await updateRecoveryPlan(deps, c.req.valid("param").id, c.req.valid("json"), c.get("actor")),
      200,
    ),
  );
  app.openapi(remove, async (c) => {
    await deleteRecoveryPlan(deps, c.req.valid("param").id, c.get("actor"));
    return c.body(null, 204);
  });
}
