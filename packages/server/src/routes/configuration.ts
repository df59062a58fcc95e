import {
  type ConfigBundle,
  DRS_REGIONS,
  ProtectionGroup,
  RecoveryPlan,
  Settings,
  SettingsUpdate,
  TargetAccount,
  ValidationError,
  validatePlanWaves,
} from "@drso/core";
import { z } from "@hono/zod-openapi";
import type { App, AppDeps } from "../app-deps";
import { auditEntry } from "../audit-entry";
import { Envelope, sendOk } from "../http/envelope";
import { jsonBody, secureRoute } from "../http/secure-route";
import { maskWebhookSecrets, unmaskWebhookSecrets } from "../notifications/webhook-secret-mask";
import { listAllProtectionGroups, listAllRecoveryPlans } from "./list-all";

const json = <T>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
const tags = ["config"];

/** Export format; `formatVersion` lets a later release convert old bundles. */
export const ConfigBundleSchema = z
  .strictObject({
    formatVersion: z.literal(1),
    exportedAt: z.string().optional(),
    protectionGroups: z.array(ProtectionGroup).max(10_000),
    recoveryPlans: z.array(RecoveryPlan).max(10_000),
    targetAccounts: z.array(TargetAccount).max(1_000),
  })
  .openapi("ConfigBundle");

const getSettings = secureRoute("drs:ViewResources", {
  method: "get",
  path: "/api/config/settings",
  tags,
  summary: "Product settings (DRS quotas, health-check timeout, default region)",
  responses: { 200: json(Envelope(Settings.meta({ id: "Settings" })), "Settings") },
});
const putSettings = secureRoute("drs:ManageAccounts", {
  method: "put",
  path: "/api/config/settings",
  tags,
  summary: "Replace the settings (send the version you read)",
  request: { body: jsonBody(SettingsUpdate) },
  responses: { 200: json(Envelope(Settings), "Updated") },
});
const regions = secureRoute("drs:ViewResources", {
  method: "get",
  path: "/api/config/regions",
  tags,
  summary: "Regions where DRS is offered",
  responses: { 200: json(Envelope(z.object({ regions: z.array(z.string()) })), "Regions") },
});
const exportConfig = secureRoute("drs:ViewResources", {
  method: "get",
  path: "/api/config/export",
  tags,
  summary: "Export protection groups, recovery plans and target accounts",
  responses: { 200: json(Envelope(ConfigBundleSchema), "The bundle") },
});
const ImportResult = z.object({
  protectionGroups: z.int(),
  recoveryPlans: z.int(),
  targetAccounts: z.int(),
});
const importConfig = secureRoute("drs:ManageAccounts", {
  method: "post",
  path: "/api/config/import",
  tags,
  summary: "Import a bundle: all records or none",
  request: { body: jsonBody(ConfigBundleSchema) },
  responses: { 200: json(Envelope(ImportResult), "Imported") },
});

export function registerConfiguration(app: App, deps: AppDeps): void {
  const { store } = deps;

  app.openapi(getSettings, async (c) => sendOk(c, maskWebhookSecrets(await store.getSettings()), 200));

  app.openapi(putSettings, async (c) => {
    const { version, ...input } = c.req.valid("json");
    const actor = c.get("actor");
    const current = await store.getSettings();
    const settings = Settings.parse({
      tagSync: current.tagSync,
      ...input,
      notifications:
        unmaskWebhookSecrets(input.notifications, current.notifications) ?? current.notifications,
      version: version + 1,
      createdDate: current.createdDate,
      createdBy: current.createdBy,
      lastModifiedDate: deps.now().toISOString(),
      lastModifiedBy: actor.username,
    });
    await store.updateSettings(
      settings,
      version,
      auditEntry(actor.username, "UpdateSettings", "settings", "settings", {
        before: version,
        after: version + 1,
      }),
    );
    return sendOk(c, maskWebhookSecrets(settings), 200);
  });

  app.openapi(regions, (c) => sendOk(c, { regions: [...DRS_REGIONS] }, 200));

  app.openapi(exportConfig, async (c) =>
    sendOk(
      c,
      {
        formatVersion: 1 as const,
        exportedAt: deps.now().toISOString(),
        protectionGroups: await listAllProtectionGroups(store),
        recoveryPlans: await listAllRecoveryPlans(store),
        targetAccounts: await store.listTargetAccounts(),
      },
      200,
    ),
  );

  app.openapi(importConfig, async (c) => {
    const { protectionGroups, recoveryPlans, targetAccounts } = c.req.valid("json");
    const actor = c.get("actor");
    const bundle: ConfigBundle = { protectionGroups, recoveryPlans, targetAccounts };
    await checkBundle(bundle, deps);
    await store.importConfig(
      bundle,
      auditEntry(
        actor.username,
        "ImportConfiguration",
        "configuration",
        "import",
        {},
        {
          protectionGroups: protectionGroups.length,
          recoveryPlans: recoveryPlans.length,
          targetAccounts: targetAccounts.length,
        },
      ),
    );
    return sendOk(
      c,
      {
        protectionGroups: protectionGroups.length,
        recoveryPlans: recoveryPlans.length,
        targetAccounts: targetAccounts.length,
      },
      200,
    );
  });
}

/** Rules the store cannot see: ids unique in the bundle, plan waves valid against bundle + store. */
async function checkBundle(bundle: ConfigBundle, deps: AppDeps): Promise<void> {
  const duplicate = (ids: string[]) => ids.find((id, i) => ids.indexOf(id) !== i);
  const dupGroup = duplicate(bundle.protectionGroups.map((g) => g.groupId));
  const dupPlan = duplicate(bundle.recoveryPlans.map((p) => p.planId));
  const dupAccount = duplicate(bundle.targetAccounts.map((a) => a.accountId));
  const dup = dupGroup ?? dupPlan ?? dupAccount;
  if (dup) throw new ValidationError(`The bundle contains '${dup}' twice`, { id: dup }, "DUPLICATE_ID");
  for (const g of bundle.protectionGroups) {
    if ((g.serverIds === undefined) === (g.tagCriteria === undefined)) {
      throw new ValidationError(`Group '${g.groupName}': give exactly one of serverIds or tagCriteria`, {
        groupId: g.groupId,
      });
    }
  }
  const inBundle = new Set(bundle.protectionGroups.map((g) => g.groupId));
  const inStore = new Set((await listAllProtectionGroups(deps.store)).map((g) => g.groupId));
  for (const plan of bundle.recoveryPlans) {
    try {
      validatePlanWaves(plan.waves, (id) => inBundle.has(id) || inStore.has(id));
    } catch (e) {
      if (e instanceof ValidationError) {
        throw new ValidationError(
          `Plan '${plan.planName}': ${e.message}`,
          { planId: plan.planId, ...e.details },
          e.code,
        );
      }
      throw e;
    }
  }
}
