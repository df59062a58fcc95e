import {
  type LaunchInventory,
  LaunchSettings,
  type LaunchSettingsPort,
  SourceServerId,
  validateLaunchSettings,
  withResultingNetwork,
} from "@drso/core";
import { z } from "@hono/zod-openapi";
import { type App, type AppDeps, requireExtension } from "../app-deps";
import { Envelope, sendOk } from "../http/envelope";
import { jsonBody, secureRoute } from "../http/secure-route";
import { AccountRegionQuery, resolveAccountRegion, UPSTREAM_ERROR_RESPONSES } from "./drs-account-scope";
import { EC2_INVENTORY_EXTENSION, inventoryOf } from "./ec2-resources";

/** `AppDeps.extensions` key under which the wiring puts `createAwsAdapters(...).launchSettings`. */
export const LAUNCH_SETTINGS_EXTENSION = "launchSettings";

const launchSettingsOf = (deps: AppDeps) =>
  requireExtension<LaunchSettingsPort>(deps, LAUNCH_SETTINGS_EXTENSION, "getLaunchSettings", {
    code: "LAUNCH_SETTINGS_UNAVAILABLE",
    message: "Launch settings adapters are not configured",
  });

/** The region's subnets, security groups and instance types: what launch settings are checked against. */
export async function launchInventory(
  deps: AppDeps,
  accountId: string,
  region: string,
): Promise<LaunchInventory> {
  const ec2 = inventoryOf(deps);
  const [subnets, securityGroups, types] = await Promise.all([
    ec2.listSubnets(accountId, region),
    ec2.listSecurityGroups(accountId, region),
    ec2.listInstanceTypes(accountId, region),
  ]);
  return { subnets, securityGroups, instanceTypes: types.map((t) => t.instanceType) };
}

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
  app.openapi(getRoute, async (c) => {
    const { accountId, region } = await resolveAccountRegion(deps, c.req.valid("query"));
    const settings = await launchSettingsOf(deps).getLaunchSettings(
      accountId,
      region,
      c.req.valid("param").id,
    );
    return sendOk(c, settings, 200);
  });

  app.openapi(putRoute, async (c) => {
    const { accountId, region } = await resolveAccountRegion(deps, c.req.valid("query"));
    const body = c.req.valid("json");
    const id = c.req.valid("param").id;
    // Validate before any write, so an invalid field leaves DRS and EC2 untouched. Security
    // groups are checked against the subnet the template will have (sent, else current).
    const resulting = await withResultingNetwork(
      body,
      async () => (await launchSettingsOf(deps).getLaunchSettings(accountId, region, id)).launchTemplate,
    );
    validateLaunchSettings(resulting, await launchInventory(deps, accountId, region));
    const after = await launchSettingsOf(deps).updateLaunchSettings(accountId, region, id, body);
    deps.logger.info(
      { sourceServerId: id, accountId, region, actor: c.get("actor").username },
      "launch settings updated",
    );
    return sendOk(c, after, 200);
  });

  app.openapi(templatesRoute, async (c) => {
    const query = c.req.valid("query");
    const { accountId, region } = await resolveAccountRegion(deps, query);
    const ids =
      query.sourceServerIds?.split(",") ??
      (await deps.catalog.listSourceServers(accountId, region)).slice(0, 100).map((s) => s.serverId);
    const port = launchSettingsOf(deps);
    const items = [];
    for (const id of ids) items.push(await port.getLaunchSettings(accountId, region, id));
    return sendOk(c, { items }, 200);
  });
}

/**
 * A group's launch-settings defaults are checked against its account-region when the group is
 * written, so a bad subnet fails the edit (400 naming the field) rather than a drill. Skipped
 * when this server has no EC2 adapters (nothing to check against).
 */
export async function validateGroupLaunchSettings(
  deps: AppDeps,
  group: { accountId: string; region: string; launchSettings?: LaunchSettings },
): Promise<void> {
  if (!group.launchSettings?.launchTemplate || !deps.extensions[EC2_INVENTORY_EXTENSION]) return;
  validateLaunchSettings(group.launchSettings, await launchInventory(deps, group.accountId, group.region));
}
