import { planTagSync, type SourceServerTagWriter, TagSyncRequest, UpstreamError } from "@drso/core";
import { z } from "@hono/zod-openapi";
import type { App, AppDeps } from "../app-deps";
import { Envelope, sendOk } from "../http/envelope";
import { jsonBody, secureRoute } from "../http/secure-route";
import { resolveAccountRegion, UPSTREAM_ERROR_RESPONSES } from "./drs-account-scope";

/** `deps.extensions` key of the tag adapter (`createAwsAdapters(...).sourceServerTags`). */
export const SOURCE_SERVER_TAGS_EXTENSION = "sourceServerTags";

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

const route = secureRoute("drs:UpdateProtectionGroup", {
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

export function registerDrsTagSync(app: App, deps: AppDeps): void {
  app.openapi(route, async (c) => {
    const body = c.req.valid("json");
    const tags = deps.extensions[SOURCE_SERVER_TAGS_EXTENSION] as SourceServerTagWriter | undefined;
    if (!tags) throw new UpstreamError("TAG_SYNC_UNAVAILABLE", "No DRS/EC2 adapters are configured");
    const { accountId, region } = await resolveAccountRegion(deps, body);
    const servers = await deps.catalog.listSourceServers(accountId, region);
    const instanceIds = servers.flatMap((s) => (s.sourceInstanceId ? [s.sourceInstanceId] : []));
    const instanceTags = await tags.instanceTags(accountId, region, instanceIds);
    const items = planTagSync(servers, instanceTags, body.tagKeys);
    const failures: { serverId: string; message: string }[] = [];
    let applied = 0;
    if (!body.dryRun) {
      const arnOf = new Map(servers.map((s) => [s.serverId, s.arn]));
      for (const item of items) {
        const arn =
          arnOf.get(item.serverId) ?? `arn:aws:drs:${region}:${accountId}:source-server/${item.serverId}`;
        const set = Object.fromEntries(
          item.changes.flatMap((ch) => (ch.to === undefined ? [] : [[ch.key, ch.to]])),
        );
        const remove = item.changes.filter((ch) => ch.to === undefined).map((ch) => ch.key);
        try {
          await tags.updateSourceServerTags(accountId, region, arn, set, remove);
          applied += 1;
        } catch (error) {
          // One refused server must not hide what happened to the others.
          failures.push({
            serverId: item.serverId,
            message: error instanceof Error ? error.message : String(error),
          });
        }
      }
    }
    return sendOk(
      c,
      { accountId, region, dryRun: body.dryRun, serversChecked: servers.length, items, applied, failures },
      200,
    );
  });
}
