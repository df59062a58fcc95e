import { TagSyncRequest, TagSyncSettings, tagSyncSettingsOf } from "@drso/core";
import { z } from "@hono/zod-openapi";
import type { App, AppDeps } from "../app-deps";
import { auditEntry } from "../audit-entry";
import { Envelope, sendOk } from "../http/envelope";
import { jsonBody, secureRoute } from "../http/secure-route";
import { executionsRuntimeOf } from "../runner/index";
import { runTagSync, type TagSyncOutcome } from "../tag-sync/tag-sync-run";
import { AccountRegionQuery, resolveAccountRegion, UPSTREAM_ERROR_RESPONSES } from "./drs-account-scope";

export { SOURCE_SERVER_TAGS_EXTENSION } from "../tag-sync/tag-sync-run";

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

/** A sync that changed DRS tags is audited (who, where, which servers); dry runs change nothing. */
async function auditTagSync(
  deps: AppDeps,
  actor: string,
  outcome: TagSyncOutcome,
  tagKeys: readonly string[] | undefined,
): Promise<void> {
  // The audit log lives with the execution store (as for source-server tag edits).
  await executionsRuntimeOf(deps)?.store.recordAudit(
    auditEntry(
      actor,
      "SyncSourceServerTags",
      "source-server",
      `${outcome.accountId}/${outcome.region}`,
      {},
      {
        accountId: outcome.accountId,
        region: outcome.region,
        ...(tagKeys ? { tagKeys } : {}),
        applied: outcome.applied,
        serverIds: outcome.items.map((i) => i.serverId),
        failures: outcome.failures,
      },
      deps.now(),
    ),
  );
}

export function registerDrsTagSync(app: App, deps: AppDeps): void {
  app.openapi(syncRoute, async (c) => {
    const body = c.req.valid("json");
    const scope = await resolveAccountRegion(deps, body);
    const outcome = await runTagSync(deps, {
      ...scope,
      dryRun: body.dryRun,
      ...(body.tagKeys ? { tagKeys: body.tagKeys } : {}),
    });
    if (!body.dryRun) await auditTagSync(deps, c.get("actor").username, outcome, body.tagKeys);
    return sendOk(c, outcome, 200);
  });

  app.openapi(previewRoute, async (c) => {
    const query = c.req.valid("query");
    const scope = await resolveAccountRegion(deps, query);
    const keys = (query.tagKeys ?? "")
      .split(",")
      .map((k) => k.trim())
      .filter((k) => k.length > 0);
    // Same key rules as the POST body, so a preview never accepts what the sync would refuse.
    const tagKeys = keys.length > 0 ? TagSyncRequest.shape.tagKeys.parse(keys) : undefined;
    const outcome = await runTagSync(deps, { ...scope, dryRun: true, ...(tagKeys ? { tagKeys } : {}) });
    return sendOk(c, outcome, 200);
  });

  app.openapi(getConfig, async (c) => sendOk(c, tagSyncSettingsOf(await deps.store.getSettings()), 200));

  app.openapi(putConfig, async (c) => {
    const tagSync = c.req.valid("json");
    const actor = c.get("actor");
    const current = await deps.store.getSettings();
    await deps.store.updateSettings(
      {
        ...current,
        tagSync,
        version: current.version + 1,
        lastModifiedDate: deps.now().toISOString(),
        lastModifiedBy: actor.username,
      },
      current.version,
      auditEntry(actor.username, "UpdateTagSyncSettings", "settings", "settings", {
        before: current.version,
        after: current.version + 1,
      }),
    );
    return sendOk(c, tagSync, 200);
  });
}
