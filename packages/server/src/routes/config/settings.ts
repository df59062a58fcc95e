import { ProtectionGroup, RecoveryPlan, Settings, SettingsUpdate, TargetAccount } from "@drso/core";
import { z } from "@hono/zod-openapi";
import type { App, AppDeps } from "../../app-deps";
import { Envelope, sendOk } from "../../http/envelope";
import { jsonBody, secureRoute } from "../../http/secure-route";
import {
  drsRegions,
  exportConfiguration,
  importConfiguration,
  getSettings as readSettings,
  updateSettings,
} from "../../services/settings";

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
  app.openapi(getSettings, async (c) => sendOk(c, await readSettings(deps), 200));
  app.openapi(putSettings, async (c) =>
    sendOk(c, await updateSettings(deps, c.req.valid("json"), c.get("actor")), 200),
  );
  app.openapi(regions, (c) => sendOk(c, drsRegions(), 200));
  app.openapi(exportConfig, async (c) => sendOk(c, await exportConfiguration(deps, c.get("actor")), 200));
  app.openapi(importConfig, async (c) =>
    sendOk(c, await importConfiguration(deps, c.req.valid("json"), c.get("actor")), 200),
  );
}
