import {
  NotFoundError,
  TargetAccount,
  TargetAccountInput,
  TargetAccountUpdate,
  ValidationError,
} from "@drso/core";
import { z } from "@hono/zod-openapi";
import type { App, AppDeps } from "../app-deps";
import { auditEntry } from "../audit-entry";
import { IdParam, PageQuery } from "../http/common-params";
import { Envelope, PageOf, sendOk } from "../http/envelope";
import { jsonBody, secureRoute } from "../http/secure-route";

const AccountSchema = TargetAccount.meta({ id: "TargetAccount" });
const json = <T>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
const tags = ["accounts"];

const list = secureRoute("drs:ViewResources", {
  method: "get",
  path: "/api/accounts/targets",
  tags,
  summary: "List target accounts (by account id)",
  request: { query: PageQuery },
  responses: { 200: json(Envelope(PageOf(AccountSchema)), "Target accounts") },
});
const get = secureRoute("drs:ViewResources", {
  method: "get",
  path: "/api/accounts/targets/{id}",
  tags,
  summary: "Get a target account",
  request: { params: IdParam },
  responses: { 200: json(Envelope(AccountSchema), "The account") },
});
const create = secureRoute("drs:ManageAccounts", {
  method: "post",
  path: "/api/accounts/targets",
  tags,
  summary: "Register a target account (cross-account role)",
  request: { body: jsonBody(TargetAccountInput) },
  responses: { 201: json(Envelope(AccountSchema), "Registered") },
});
const update = secureRoute("drs:ManageAccounts", {
  method: "put",
  path: "/api/accounts/targets/{id}",
  tags,
  summary: "Replace a target account (send the version you read)",
  request: { params: IdParam, body: jsonBody(TargetAccountUpdate) },
  responses: { 200: json(Envelope(AccountSchema), "Updated") },
});
const remove = secureRoute("drs:ManageAccounts", {
  method: "delete",
  path: "/api/accounts/targets/{id}",
  tags,
  summary: "Remove a target account",
  request: { params: IdParam },
  responses: { 204: { description: "Removed" } },
});

const CurrentAccount = z
  .object({ accountId: z.string(), mode: z.enum(["simulator", "aws"]), defaultRegion: z.string() })
  .openapi("CurrentAccount");
const current = secureRoute("drs:ViewResources", {
  method: "get",
  path: "/api/accounts/current",
  tags,
  summary: "The account the orchestrator runs in",
  responses: { 200: json(Envelope(CurrentAccount), "Home account") },
});

function decodeAccountCursor(token: string): string {
  const id = Buffer.from(token, "base64url").toString("utf8");
  if (!/^\d{12}$/.test(id))
    throw new ValidationError("nextToken is not a token this API returned", { field: "nextToken" });
  return id;
}

export function registerTargetAccounts(app: App, deps: AppDeps): void {
  const { store } = deps;

  // Few records per installation: the store returns them all, the route pages them for the API shape.
  app.openapi(list, async (c) => {
    const { limit, nextToken } = c.req.valid("query");
    const after = nextToken === undefined ? undefined : decodeAccountCursor(nextToken);
    const all = (await store.listTargetAccounts()).sort((a, b) => a.accountId.localeCompare(b.accountId));
    const rest = after === undefined ? all : all.filter((a) => a.accountId > after);
    const items = rest.slice(0, limit);
    const last = items[items.length - 1];
    return sendOk(
      c,
      {
        items,
        ...(rest.length > limit && last
          ? { nextToken: Buffer.from(last.accountId).toString("base64url") }
          : {}),
      },
      200,
    );
  });

  app.openapi(get, async (c) => {
    const { id } = c.req.valid("param");
    const account = await store.getTargetAccount(id);
    if (!account) throw new NotFoundError("Target account", id);
    return sendOk(c, account, 200);
  });

  app.openapi(create, async (c) => {
    const input = c.req.valid("json");
    const actor = c.get("actor");
    const now = deps.now().toISOString();
    const account = TargetAccount.parse({
      ...input,
      validated: false,
      version: 1,
      createdDate: now,
      lastModifiedDate: now,
      createdBy: actor.username,
      lastModifiedBy: actor.username,
    });
    await store.createTargetAccount(
      account,
      auditEntry(actor.username, "CreateTargetAccount", "target-account", account.accountId, { after: 1 }),
    );
    return sendOk(c, account, 201);
  });

  app.openapi(update, async (c) => {
    const { id } = c.req.valid("param");
    const { version, ...input } = c.req.valid("json");
    const actor = c.get("actor");
    const existing = await store.getTargetAccount(id);
    if (!existing) throw new NotFoundError("Target account", id);
    // A changed role or external id has not been proven yet.
    const accessChanged = existing.roleArn !== input.roleArn || existing.externalId !== input.externalId;
    const account = TargetAccount.parse({
      ...input,
      accountId: id,
      validated: accessChanged ? false : existing.validated,
      ...(!accessChanged && existing.lastValidated ? { lastValidated: existing.lastValidated } : {}),
      ...(!accessChanged && existing.validationMessage
        ? { validationMessage: existing.validationMessage }
        : {}),
      version: version + 1,
      createdDate: existing.createdDate,
      createdBy: existing.createdBy,
      lastModifiedDate: deps.now().toISOString(),
      lastModifiedBy: actor.username,
    });
    await store.updateTargetAccount(
      account,
      version,
      auditEntry(actor.username, "UpdateTargetAccount", "target-account", id, {
        before: version,
        after: version + 1,
      }),
    );
    return sendOk(c, account, 200);
  });

  app.openapi(remove, async (c) => {
    const { id } = c.req.valid("param");
    const actor = c.get("actor");
    const existing = await store.getTargetAccount(id);
    if (!existing) throw new NotFoundError("Target account", id);
    await store.deleteTargetAccount(
      id,
      auditEntry(actor.username, "DeleteTargetAccount", "target-account", id, { before: existing.version }),
    );
    return c.body(null, 204);
  });

  app.openapi(current, async (c) => {
    const settings = await store.getSettings();
    return sendOk(
      c,
      { accountId: deps.config.homeAccountId, mode: deps.config.mode, defaultRegion: settings.defaultRegion },
      200,
    );
  });
}
