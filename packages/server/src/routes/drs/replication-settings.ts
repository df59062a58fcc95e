import { ReplicationSettings, SourceServerId } from "@drso/core";
import { z } from "@hono/zod-openapi";
import type { App, AppDeps } from "../../app-deps";
import { AccountRegionQuery, UPSTREAM_ERROR_RESPONSES } from "../../http/account-region-params";
import { Envelope, sendOk } from "../../http/envelope";
import { jsonBody, secureRoute } from "../../http/secure-route";
import { getReplicationSettings, updateReplicationSettings } from "../../services/replication-settings";

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
  app.openapi(getRoute, async (c) =>
    sendOk(c, await getReplicationSettings(deps, c.req.valid("param").id, c.req.valid("query")), 200),
  );
  app.openapi(putRoute, async (c) =>
    sendOk(
      c,
      await updateReplicationSettings(
        deps,
        c.req.valid("param").id,
        c.req.valid("query"),
        c.req.valid("json"),
        c.get("actor").username,
      ),
      200,
    ),
  );
}
