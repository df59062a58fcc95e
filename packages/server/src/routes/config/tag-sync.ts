import { TagSyncSettings } from "@drso/core";
import type { App, AppDeps } from "../../app-deps";
import { Envelope, sendOk } from "../../http/envelope";
import { jsonBody, secureRoute } from "../../http/secure-route";
import { getTagSyncSettings, updateTagSyncSettings } from "../../services/settings";

const TagSyncConfig = TagSyncSettings.meta({ id: "TagSyncSettings" });
const getConfig = secureRoute("drs:ViewResources", {
  method: "get",
  path: "/api/config/tag-sync",
  tags: ["config"],
  summary: "Scheduled tag sync settings",
  responses: {
    200: { description: "Settings", content: { "application/json": { schema: Envelope(TagSyncConfig) } } },
  },
});
const putConfig = secureRoute("drs:ManageAccounts", {
  method: "put",
  path: "/api/config/tag-sync",
  tags: ["config"],
  summary: "Replace the scheduled tag sync settings",
  request: { body: jsonBody(TagSyncSettings) },
  responses: {
    200: { description: "Updated", content: { "application/json": { schema: Envelope(TagSyncConfig) } } },
  },
});

export function registerTagSyncSettings(app: App, deps: AppDeps): void {
  app.openapi(getConfig, async (c) => sendOk(c, await getTagSyncSettings(deps), 200));
  app.openapi(putConfig, async (c) =>
    sendOk(c, await updateTagSyncSettings(deps, c.req.valid("json"), c.get("actor")), 200),
  );
}
