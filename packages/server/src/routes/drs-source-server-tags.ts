import { AccountId, NotFoundError, Region, SourceServerId } from "@drso/core";
import { z } from "@hono/zod-openapi";
import type { App, AppDeps } from "../app-deps";
import { auditEntry } from "../audit-entry";
import { Envelope, sendOk } from "../http/envelope";
import { jsonBody, secureRoute } from "../http/secure-route";
import { executionsRuntimeOf } from "../runner/index";
import { sourceServerTagsOf } from "../tag-sync/tag-sync-run";
import { resolveAccountRegion, UPSTREAM_ERROR_RESPONSES } from "./drs-account-scope";

/** DRS (like every AWS tagging API) allows these characters in keys and values. */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const TAG_CHARACTERS_MESSAGE = "may contain letters, digits, spaces and _ . : / = + - @";

const SourceServerTagKey = z
  .string()
  .min(1, "must not be empty")
  .max(128, "must be at most 128 characters")
  .refine((v) => TAG_CHARACTERS.test(v), TAG_CHARACTERS_MESSAGE)
  .refine((k) => !k.toLowerCase().startsWith("aws:"), "the aws: prefix is reserved for AWS");
const SourceServerTagValue = z
  .string()
  .max(256, "must be at most 256 characters")
  .refine((v) => TAG_CHARACTERS.test(v), TAG_CHARACTERS_MESSAGE);

/** The complete tag set a source server should have afterwards: absent keys are removed from DRS. */
export const SourceServerTagsUpdate = z
  .strictObject({
    accountId: AccountId,
    region: Region,
    tags: z
      .record(SourceServerTagKey, SourceServerTagValue)
      .refine((m) => Object.keys(m).length <= 50, "at most 50 tags per resource"),
  })
  .openapi("SourceServerTagsUpdate");

const SourceServerTagsResult = z
  .object({
    serverId: z.string(),
    tags: z.record(z.string(), z.string()),
    added: z.array(z.string()).meta({ description: "Keys the server did not have" }),
    changed: z.array(z.string()).meta({ description: "Keys whose value changed" }),
    removed: z.array(z.string()).meta({ description: "Keys removed from the server" }),
  })
  .openapi("SourceServerTagsResult");

const putRoute = secureRoute("drs:UpdateProtectionGroup", {
  method: "put",
  path: "/api/drs/source-servers/{id}/tags",
  tags: ["drs"],
  summary:
    "Replace the DRS tags of a source server (keys left out are removed); tag-based protection groups follow",
  request: { params: z.object({ id: SourceServerId }), body: jsonBody(SourceServerTagsUpdate) },
  responses: {
    ...UPSTREAM_ERROR_RESPONSES,
    200: {
      description: "The server's tags after the change",
      content: { "application/json": { schema: Envelope(SourceServerTagsResult) } },
    },
  },
});

/** What turns `current` into `wanted`: keys to set (new or changed) and keys to remove. */
export function tagChanges(current: Record<string, string>, wanted: Record<string, string>) {
  const added = Object.keys(wanted).filter((k) => !(k in current));
  const changed = Object.keys(wanted).filter((k) => k in current && current[k] !== wanted[k]);
  const removed = Object.keys(current).filter((k) => !(k in wanted));
  const set = Object.fromEntries([...added, ...changed].map((k) => [k, wanted[k] ?? ""]));
  return { added, changed, removed, set };
}

export function registerDrsSourceServerTags(app: App, deps: AppDeps): void {
  app.openapi(putRoute, async (c) => {
    const body = c.req.valid("json");
    const id = c.req.valid("param").id;
    const { accountId, region } = await resolveAccountRegion(deps, body);
    const writer = sourceServerTagsOf(deps);
    const server = (await deps.catalog.listSourceServers(accountId, region)).find((s) => s.serverId === id);
    if (!server) throw new NotFoundError("Source server", id);
    const { added, changed, removed, set } = tagChanges(server.tags, body.tags);
    if (added.length + changed.length + removed.length > 0) {
      const arn = server.arn ?? `arn:aws:drs:${region}:${accountId}:source-server/${id}`;
      await writer.updateSourceServerTags(accountId, region, arn, set, removed);
      const actor = c.get("actor").username;
      const audit = auditEntry(
        actor,
        "UpdateSourceServerTags",
        "source-server",
        id,
        {},
        { accountId, region, added, changed, removed },
        deps.now(),
      );
      // The audit log lives with the execution store; a server without the runner still logs the change.
      const store = executionsRuntimeOf(deps)?.store;
      if (store) await store.recordAudit(audit);
      deps.logger.info({ sourceServerId: id, accountId, region, actor }, "source server tags updated");
    }
    return sendOk(c, { serverId: id, tags: body.tags, added, changed, removed }, 200);
  });
}
