import { AccountId, Region, SourceServerId } from "@drso/core";
import { z } from "@hono/zod-openapi";
import type { App, AppDeps } from "../../app-deps";
import { UPSTREAM_ERROR_RESPONSES } from "../../http/account-region-params";
import { Envelope, sendOk } from "../../http/envelope";
import { jsonBody, secureRoute } from "../../http/secure-route";
import { replaceSourceServerTags } from "../../services/source-server-tags";

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

export function registerDrsSourceServerTags(app: App, deps: AppDeps): void {
  app.openapi(putRoute, async (c) =>
    sendOk(
      c,
      await replaceSourceServerTags(deps, c.req.valid("param").id, c.req.valid("json"), c.get("actor")),
      200,
    ),
  );
}
