import { randomUUID } from "node:crypto";
import {
  matchesTags,
  NotFoundError,
  ProtectionGroup,
  ProtectionGroupInput,
  ProtectionGroupUpdate,
  ResolveTagsRequest,
  type SourceServerCatalog,
  ValidationError,
} from "@drso/core";
import { z } from "@hono/zod-openapi";
import type { App, AppDeps } from "../app-deps";
import { auditEntry } from "../audit-entry";
import { IdParam, PageQuery } from "../http/common-params";
import { Envelope, PageOf, sendOk } from "../http/envelope";
import { jsonBody, secureRoute } from "../http/secure-route";
import { validateGroupLaunchSettings } from "./launch-settings";
import { listAllProtectionGroups } from "./list-all";

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
  const { store } = deps;

  app.openapi(list, async (c) => sendOk(c, await store.listProtectionGroups(c.req.valid("query")), 200));

  app.openapi(get, async (c) => {
    const { id } = c.req.valid("param");
    const group = await store.getProtectionGroup(id);
    if (!group) throw new NotFoundError("Protection group", id);
    return sendOk(c, group, 200);
  });

  app.openapi(create, async (c) => {
    const input = c.req.valid("json");
    const actor = c.get("actor");
    const now = deps.now().toISOString();
    const serverIds = input.serverIds ? [...new Set(input.serverIds)] : undefined;
    const serverCount = await countServers(deps.catalog, { ...input, serverIds });
    await validateGroupLaunchSettings(deps, input);
    const group = ProtectionGroup.parse({
      groupId: randomUUID(),
      ...input,
      ...(serverIds ? { serverIds } : {}),
      serverCount,
      version: 1,
      createdDate: now,
      lastModifiedDate: now,
      createdBy: actor.username,
      lastModifiedBy: actor.username,
    });
    await store.createProtectionGroup(
      group,
      auditEntry(
        actor.username,
        "CreateProtectionGroup",
        "protection-group",
        group.groupId,
        { after: 1 },
        {
          groupName: group.groupName,
        },
      ),
    );
    return sendOk(c, group, 201);
  });

  app.openapi(update, async (c) => {
    const { id } = c.req.valid("param");
    const { version, ...input } = c.req.valid("json");
    const actor = c.get("actor");
    const current = await store.getProtectionGroup(id);
    if (!current) throw new NotFoundError("Protection group", id);
    await deps.executionGuard?.assertGroupNotInActiveExecution(id);
    const serverIds = input.serverIds ? [...new Set(input.serverIds)] : undefined;
    const serverCount = await countServers(deps.catalog, { ...input, serverIds });
    await validateGroupLaunchSettings(deps, input);
    const group = ProtectionGroup.parse({
      ...input,
      ...(serverIds ? { serverIds } : {}),
      groupId: id,
      serverCount,
      version: version + 1,
      createdDate: current.createdDate,
      createdBy: current.createdBy,
      lastModifiedDate: deps.now().toISOString(),
      lastModifiedBy: actor.username,
    });
    await store.updateProtectionGroup(
      group,
      version,
      auditEntry(actor.username, "UpdateProtectionGroup", "protection-group", id, {
        before: version,
        after: version + 1,
      }),
    );
    return sendOk(c, group, 200);
  });

  app.openapi(remove, async (c) => {
    const { id } = c.req.valid("param");
    const actor = c.get("actor");
    const current = await store.getProtectionGroup(id);
    if (!current) throw new NotFoundError("Protection group", id);
    await deps.executionGuard?.assertGroupNotInActiveExecution(id);
    await store.deleteProtectionGroup(
      id,
      auditEntry(
        actor.username,
        "DeleteProtectionGroup",
        "protection-group",
        id,
        { before: current.version },
        {
          groupName: current.groupName,
        },
      ),
    );
    return c.body(null, 204);
  });

  app.openapi(resolve, async (c) => {
    const { accountId, region, tagCriteria } = c.req.valid("json");
    const matches = (await deps.catalog.listSourceServers(accountId, region)).filter((s) =>
      matchesTags(s, tagCriteria),
    );
    const holders = new Map<string, { groupId: string; groupName: string }[]>();
    for (const g of await listAllProtectionGroups(store)) {
      if (g.accountId !== accountId || g.region !== region) continue;
      for (const id of g.serverIds ?? []) {
        holders.set(id, [...(holders.get(id) ?? []), { groupId: g.groupId, groupName: g.groupName }]);
      }
    }
    const servers = matches.map((s) => ({
      serverId: s.serverId,
      hostname: s.hostname,
      replicationState: s.replicationState,
      tags: s.tags,
      alsoInGroups: holders.get(s.serverId) ?? [],
    }));
    return sendOk(c, { accountId, region, serverCount: servers.length, servers }, 200);
  });
}

/**
 * Explicit servers must exist in DRS in the group's account/region (400 naming the missing ids);
 * a tag group counts its current matches.
 */
async function countServers(
  catalog: SourceServerCatalog,
  group: { accountId: string; region: string; serverIds?: string[]; tagCriteria?: Record<string, string> },
): Promise<number> {
  if (group.serverIds) {
    const found = new Set(
      (await catalog.getSourceServers(group.accountId, group.region, group.serverIds)).map((s) => s.serverId),
    );
    const missing = group.serverIds.filter((id) => !found.has(id));
    if (missing.length > 0) {
      throw new ValidationError(
        `Source server${missing.length > 1 ? "s" : ""} not found in DRS (account ${group.accountId}, ${group.region}): ${missing.join(", ")}`,
        { missingServerIds: missing, accountId: group.accountId, region: group.region },
        "UNKNOWN_SOURCE_SERVER",
      );
    }
    return group.serverIds.length;
  }
  const criteria = group.tagCriteria ?? {};
  return (await catalog.listSourceServers(group.accountId, group.region)).filter((s) =>
    matchesTags(s, criteria),
  ).length;
}
