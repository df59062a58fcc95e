import { ProtectionGroup, ProtectionGroupInput, ProtectionGroupUpdate, ResolveTagsRequest } from "@drso/core";
import { z } from "@hono/zod-openapi";
import type { App, AppDeps } from "../app-deps";
import { IdParam, PageQuery } from "../http/common-params";
import { Envelope, PageOf, sendOk } from "../http/envelope";
import { jsonBody, secureRoute } from "../http/secure-route";
import {
  createProtectionGroup,
  deleteProtectionGroup,
  getProtectionGroup,
  listProtectionGroups,
  resolveProtectionGroupTags,
  updateProtectionGroup,
} from "../services/protection-groups";

const GroupSchema = ProtectionGroup.meta({ id: "ProtectionGroup" });
const json = <T>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
const tags = ["protection-groups"];

const list = secureRoute("drs:ViewResources", {
  method: "get",
  path: "/api/protection-groups",
  tags,
  summary: "List protection groups",
  request: { query: PageQuery },
  responses: { 200: json(Envelope(PageOf(GroupSchema)), "A page of groups") },
});
const get = secureRoute("drs:ViewResources", {
  method: "get",
  path: "/api/protection-groups/{id}",
  tags,
  summary: "Get a protection group",
  request: { params: IdParam },
  responses: { 200: json(Envelope(GroupSchema), "The group") },
});
const create = secureRoute("drs:CreateProtectionGroup", {
  method: "post",
  path: "/api/protection-groups",
  tags,
  summary: "Create a protection group (explicit serverIds or tagCriteria)",
  request: { body: jsonBody(ProtectionGroupInput) },
  responses: { 201: json(Envelope(GroupSchema), "Created") },
});
const update = secureRoute("drs:UpdateProtectionGroup", {
  method: "put",
  path: "/api/protection-groups/{id}",
  tags,
  summary: "Replace a protection group (send the version you read)",
  request: { params: IdParam, body: jsonBody(ProtectionGroupUpdate) },
  responses: { 200: json(Envelope(GroupSchema), "Updated") },
});
const remove = secureRoute("drs:DeleteProtectionGroup", {
  method: "delete",
  path: "/api/protection-groups/{id}",
  tags,
  summary: "Delete a protection group (refused while a plan references it)",
  request: { params: IdParam },
  responses: { 204: { description: "Deleted" } },
});

const ResolvedServer = z.object({
  serverId: z.string(),
  hostname: z.string(),
  replicationState: z.string(),
  tags: z.record(z.string(), z.string()),
  /** Explicit groups that already hold this server. */
  alsoInGroups: z.array(z.object({ groupId: z.string(), groupName: z.string() })),
});
const Resolution = z
  .object({
    accountId: z.string(),
    region: z.string(),
    serverCount: z.int(),
    servers: z.array(ResolvedServer),
  })
  .openapi("TagResolution");
const resolve = secureRoute("drs:ViewResources", {
  method: "post",
  path: "/api/protection-groups/resolve",
  tags,
  summary: "Preview the DRS source servers a tag selector matches, with overlaps",
  request: { body: jsonBody(ResolveTagsRequest) },
  responses: { 200: json(Envelope(Resolution), "Matching servers") },
});

export function registerProtectionGroups(app: App, deps: AppDeps): void {
  app.openapi(list, async (c) => sendOk(c, await listProtectionGroups(deps, c.req.valid("query")), 200));
  app.openapi(get, async (c) => sendOk(c, await getProtectionGroup(deps, c.req.valid("param").id), 200));
  app.openapi(create, async (c) =>
    sendOk(c, await createProtectionGroup(deps, c.req.valid("json"), c.get("actor")), 201),
  );
  app.openapi(update, async (c) =>
    sendOk(
      c,
      await updateProtectionGroup(deps, c.req.valid("param").id, c.req.valid("json"), c.get("actor")),
      200,
    ),
  );
  app.openapi(remove, async (c) => {
    await deleteProtectionGroup(deps, c.req.valid("param").id, c.get("actor"));
    return c.body(null, 204);
  });
  app.openapi(resolve, async (c) =>
    sendOk(c, await resolveProtectionGroupTags(deps, c.req.valid("json")), 200),
  );
}
