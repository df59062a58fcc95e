import {
  ReplicationSettings,
  type ReplicationSettingsPort,
  SourceServerId,
  validateReplicationSettings,
} from "@drso/core";
import { z } from "@hono/zod-openapi";
import { type App, type AppDeps, requireExtension } from "../app-deps";
import { Envelope, sendOk } from "../http/envelope";
import { jsonBody, secureRoute } from "../http/secure-route";
import { AccountRegionQuery, resolveAccountRegion, UPSTREAM_ERROR_RESPONSES } from "./drs-account-scope";
import { launchInventory } from "./launch-settings";

/** `AppDeps.extensions` key under which the wiring puts `createAwsAdapters(...).replicationSettings`. */
export const REPLICATION_SETTINGS_EXTENSION = "replicationSettings";

const portOf = (deps: AppDeps) =>
  requireExtension<ReplicationSettingsPort>(deps, REPLICATION_SETTINGS_EXTENSION, "getReplicationSettings", {
    code: "REPLICATION_SETTINGS_UNAVAILABLE",
    message: "Replication settings adapters are not configured",
  });

const View = z.record(z.string(), z.unknown()).openapi("ServerReplicationSettings");
const ServerParam = z.object({ id: SourceServerId });
const responses = {
  ...UPSTREAM_ERROR_RESPONSES,
  200: { description: "Replication settings", content: { "application/json": { schema: Envelope(View) } } },
};

const getRoute = secureRoute("drs:ViewResources", {
  method: "get",
  path: "/api/drs/source-servers/{id}/replication-settings",
  tags: ["drs"],
  summary: "DRS replication configuration of a source server (staging subnet, bandwidth, PIT policy)",
  request: { params: ServerParam, query: AccountRegionQuery },
  responses,
});
const putRoute = secureRoute("drs:UpdateProtectionGroup", {
  method: "put",
  path: "/api/drs/source-servers/{id}/replication-settings",
  tags: ["drs"],
  summary: "Change replication settings of a source server (validated against EC2 first)",
  request: { params: ServerParam, query: AccountRegionQuery, body: jsonBody(ReplicationSettings) },
  responses,
});

export function registerReplicationSettings(app: App, deps: AppDeps): void {
  app.openapi(getRoute, async (c) => {
    const { accountId, region } = await resolveAccountRegion(deps, c.req.valid("query"));
    return sendOk(
      c,
      await portOf(deps).getReplicationSettings(accountId, region, c.req.valid("param").id),
      200,
    );
  });
  app.openapi(putRoute, async (c) => {
    const { accountId, region } = await resolveAccountRegion(deps, c.req.valid("query"));
    const body = c.req.valid("json");
    if (body.stagingAreaSubnetId !== undefined || body.replicationServerInstanceType !== undefined)
      validateReplicationSettings(body, await launchInventory(deps, accountId, region));
    const after = await portOf(deps).updateReplicationSettings(
      accountId,
      region,
      c.req.valid("param").id,
      body,
    );
    return sendOk(c, after, 200);
  });
}
