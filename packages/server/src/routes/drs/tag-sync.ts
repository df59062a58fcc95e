import { TagSyncRequest } from "@drso/core";
import { z } from "@hono/zod-openapi";
import type { App, AppDeps } from "../../app-deps";
import { AccountRegionQuery, UPSTREAM_ERROR_RESPONSES } from "../../http/account-region-params";
import { Envelope, sendOk } from "../../http/envelope";
import { jsonBody, secureRoute } from "../../http/secure-route";
import { previewTagSync, syncTags } from "../../services/tag-sync";

const TagSyncItem = z.object({
  serverId: z.string(),
  hostname: z.string(),
  sourceInstanceId: z.string(),
  changes: z.array(
    z.object({
      key: z.string(),
      from: z.string().optional().meta({ description: "DRS value now (absent: DRS lacks the tag)" }),
      to: z.string().optional().meta({ description: "EC2 value (absent: the tag is removed from DRS)" }),
    }),
  ),
});
const TagSyncResult = z
  .object({
    accountId: z.string(),
    region: z.string(),
    dryRun: z.boolean(),
    serversChecked: z.int(),
    items: z.array(TagSyncItem),
    applied: z.int().meta({ description: "Servers whose DRS tags were changed (0 on a dry run)" }),
    failures: z.array(z.object({ serverId: z.string(), message: z.string() })),
  })
  .openapi("TagSyncResult");

const syncRoute = secureRoute("drs:UpdateProtectionGroup", {
  method: "post",
  path: "/api/drs/tag-sync",
  tags: ["drs"],
  summary:
    "Copy the EC2 tags of each source server's source instance onto the DRS source server (dry run: the diff)",
  request: { body: jsonBody(TagSyncRequest) },
  responses: {
    ...UPSTREAM_ERROR_RESPONSES,
    200: {
      description: "The diff and what was applied",
      content: { "application/json": { schema: Envelope(TagSyncResult) } },
    },
  },
});

/** Read-only diff for roles that may look but not change DRS tags (the UI's "Preview"). */
const previewRoute = secureRoute("drs:ViewResources", {
  method: "get",
  path: "/api/drs/tag-sync/preview",
  tags: ["drs"],
  summary: "What tag sync would change in an account-region (a dry run; changes nothing)",
  request: {
    query: AccountRegionQuery.extend({
      tagKeys: z.string().max(6500).optional().meta({
        description: "Comma-separated tag keys to compare; default: every tag of the source instance",
      }),
    }),
  },
  responses: {
    ...UPSTREAM_ERROR_RESPONSES,
    200: {
      description: "The diff",
      content: { "application/json": { schema: Envelope(TagSyncResult) } },
    },
  },
});

export function registerDrsTagSync(app: App, deps: AppDeps): void {
  app.openapi(syncRoute, async (c) =>
    sendOk(c, await syncTags(deps, c.req.valid("json"), c.get("actor")), 200),
  );
  app.openapi(previewRoute, async (c) => sendOk(c, await previewTagSync(deps, c.req.valid("query")), 200));
}
