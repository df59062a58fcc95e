import { LaunchSettings, SourceServerId } from "@drso/core";
import { z } from "@hono/zod-openapi";
import type { App, AppDeps } from "../../app-deps";
import { AccountRegionQuery, UPSTREAM_ERROR_RESPONSES } from "../../http/account-region-params";
import { Envelope, sendOk } from "../../http/envelope";
import { jsonBody, secureRoute } from "../../http/secure-route";
import { getLaunchSettings, listLaunchTemplates, updateLaunchSettings } from "../../services/launch-settings";

const ServerLaunchSettingsView = z
  .object({
    sourceServerId: z.string(),
    launchTemplateId: z.string().optional(),
    launchConfiguration: z.record(z.string(), z.unknown()),
    launchTemplate: z.record(z.string(), z.unknown()),
  })
  .openapi("ServerLaunchSettings");

const ServerParam = z.object({ id: SourceServerId });
const TemplatesQuery = AccountRegionQuery.extend({
  sourceServerIds: z
    .string()
    .regex(/^s-[0-9a-f]{17}(,s-[0-9a-f]{17}){0,99}$/, "must be up to 100 comma-separated source server ids")
    .optional()
    .meta({ description: "Only these servers (default: every server of the account-region, first 100)" }),
});

const ok200 = (description: string, schema: z.ZodType) => ({
  ...UPSTREAM_ERROR_RESPONSES,
  200: { description, content: { "application/json": { schema: Envelope(schema) } } },
});

const getRoute = secureRoute("drs:ViewResources", {
  method: "get",
  path: "/api/drs/source-servers/{id}/launch-settings",
  tags: ["drs"],
  summary: "DRS launch configuration and EC2 launch template of a source server",
  request: { params: ServerParam, query: AccountRegionQuery },
  responses: ok200("Launch settings", ServerLaunchSettingsView),
});
const putRoute = secureRoute("drs:UpdateProtectionGroup", {
  method: "put",
  path: "/api/drs/source-servers/{id}/launch-settings",
  tags: ["drs"],
  summary:
    "Change launch settings of a source server (validated against EC2 first; nothing applied when invalid)",
  request: { params: ServerParam, query: AccountRegionQuery, body: jsonBody(LaunchSettings) },
  responses: ok200("Launch settings after the change", ServerLaunchSettingsView),
});
const templatesRoute = secureRoute("drs:ViewResources", {
  method: "get",
  path: "/api/ec2/launch-templates",
  tags: ["ec2"],
  summary: "The EC2 launch templates DRS uses for the source servers of an account-region",
  request: { query: TemplatesQuery },
  responses: ok200("Launch templates", z.object({ items: z.array(ServerLaunchSettingsView) })),
});

export function registerLaunchSettings(app: App, deps: AppDeps): void {
  app.openapi(getRoute, async (c) =>
    sendOk(c, await getLaunchSettings(deps, c.req.valid("param").id, c.req.valid("query")), 200),
  );
  app.openapi(putRoute, async (c) =>
    sendOk(
      c,
      await updateLaunchSettings(
        deps,
        c.req.valid("param").id,
        c.req.valid("query"),
        c.req.valid("json"),
        c.get("actor").username,
      ),
      200,
    ),
  );
  app.openapi(templatesRoute, async (c) =>
    sendOk(c, await listLaunchTemplates(deps, c.req.valid("query")), 200),
  );
}
