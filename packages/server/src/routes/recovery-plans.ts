import { randomUUID } from "node:crypto";
import {
  type ConfigStore,
  NotFoundError,
  RecoveryPlan,
  RecoveryPlanInput,
  RecoveryPlanUpdate,
  validatePlanWaves,
  type Wave,
} from "@drso/core";
import type { App, AppDeps } from "../app-deps";
import { auditEntry } from "../audit-entry";
import { IdParam, PageQuery } from "../http/common-params";
import { Envelope, PageOf, sendOk } from "../http/envelope";
import { jsonBody, secureRoute } from "../http/secure-route";

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

/** DESIGN §3 wave rules, with the referenced groups looked up in the store. */
export async function validateWavesAgainstStore(store: ConfigStore, waves: readonly Wave[]): Promise<void> {
  const ids = [...new Set(waves.flatMap((w) => w.protectionGroupIds))];
  const existing = new Set<string>();
  for (const id of ids) if (await store.getProtectionGroup(id)) existing.add(id);
  validatePlanWaves(waves, (id) => existing.has(id));
}

export function registerRecoveryPlans(app: App, deps: AppDeps): void {
  const { store } = deps;

  app.openapi(list, async (c) => sendOk(c, await store.listRecoveryPlans(c.req.valid("query")), 200));

  app.openapi(get, async (c) => {
    const { id } = c.req.valid("param");
    const plan = await store.getRecoveryPlan(id);
    if (!plan) throw new NotFoundError("Recovery plan", id);
    return sendOk(c, plan, 200);
  });

  app.openapi(create, async (c) => {
    const input = c.req.valid("json");
    const actor = c.get("actor");
    await validateWavesAgainstStore(store, input.waves);
    const now = deps.now().toISOString();
    const plan = RecoveryPlan.parse({
      planId: randomUUID(),
      ...input,
      version: 1,
      createdDate: now,
      lastModifiedDate: now,
      createdBy: actor.username,
      lastModifiedBy: actor.username,
    });
    await store.createRecoveryPlan(
      plan,
      auditEntry(
        actor.username,
        "CreateRecoveryPlan",
        "recovery-plan",
        plan.planId,
        { after: 1 },
        {
          planName: plan.planName,
        },
      ),
    );
    return sendOk(c, plan, 201);
  });

  app.openapi(update, async (c) => {
    const { id } = c.req.valid("param");
    const { version, ...input } = c.req.valid("json");
    const actor = c.get("actor");
    const current = await store.getRecoveryPlan(id);
    if (!current) throw new NotFoundError("Recovery plan", id);
    await deps.executionGuard?.assertPlanNotInActiveExecution(id);
    await validateWavesAgainstStore(store, input.waves);
    const plan = RecoveryPlan.parse({
      ...input,
      planId: id,
      version: version + 1,
      createdDate: current.createdDate,
      createdBy: current.createdBy,
      lastModifiedDate: deps.now().toISOString(),
      lastModifiedBy: actor.username,
      ...(current.lastExecutionId ? { lastExecutionId: current.lastExecutionId } : {}),
      ...(current.lastExecutionStatus ? { lastExecutionStatus: current.lastExecutionStatus } : {}),
    });
    await store.updateRecoveryPlan(
      plan,
      version,
      auditEntry(actor.username, "UpdateRecoveryPlan", "recovery-plan", id, {
        before: version,
        after: version + 1,
      }),
    );
    return sendOk(c, plan, 200);
  });

  app.openapi(remove, async (c) => {
    const { id } = c.req.valid("param");
    const actor = c.get("actor");
    const current = await store.getRecoveryPlan(id);
    if (!current) throw new NotFoundError("Recovery plan", id);
    await deps.executionGuard?.assertPlanNotInActiveExecution(id);
    await store.deleteRecoveryPlan(
      id,
      auditEntry(
        actor.username,
        "DeleteRecoveryPlan",
        "recovery-plan",
        id,
        { before: current.version },
        {
          planName: current.planName,
        },
      ),
    );
    return c.body(null, 204);
  });
}
