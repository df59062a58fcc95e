import { TargetAccount, TargetAccountInput, TargetAccountPatch, TargetAccountUpdate } from "@drso/core";
import { z } from "@hono/zod-openapi";
import type { App, AppDeps } from "../../app-deps";
import { IdParam, PageQuery } from "../../http/common-params";
import { Envelope, PageOf, sendOk } from "../../http/envelope";
import { jsonBody, secureRoute } from "../../http/secure-route";
import {
  createTargetAccount,
  currentAccount,
  deleteTargetAccount,
  getTargetAccount,
  listTargetAccounts,
  patchTargetAccount,
  updateTargetAccount,
} from "../../services/accounts";

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
const patch = secureRoute("drs:ManageAccounts", {
  method: "patch",
  path: "/api/accounts/targets/{id}",
  tags,
  summary: "Change some fields of a target account (send the version you read)",
  description:
    "Fields left out keep their stored values. A changed role or ExternalId marks the account not validated.",
  request: { params: IdParam, body: jsonBody(TargetAccountPatch) },
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

export function registerTargetAccounts(app: App, deps: AppDeps): void {
  app.openapi(list, async (c) =>
    sendOk(c, await listTargetAccounts(deps, c.req.valid("query"), c.get("actor")), 200),
  );
  app.openapi(get, async (c) =>
    sendOk(c, await getTargetAccount(deps, c.req.valid("param").id, c.get("actor")), 200),
  );
  app.openapi(create, async (c) =>
    sendOk(c, await createTargetAccount(deps, c.req.valid("json"), c.get("actor")), 201),
  );
  app.openapi(update, async (c) =>
    sendOk(
      c,
      await updateTargetAccount(deps, c.req.valid("param").id, c.req.valid("json"), c.get("actor")),
      200,
    ),
  );
  app.openapi(patch, async (c) =>
    sendOk(
      c,
      await patchTargetAccount(deps, c.req.valid("param").id, c.req.valid("json"), c.get("actor")),
      200,
    ),
  );
  app.openapi(remove, async (c) => {
    await deleteTargetAccount(deps, c.req.valid("param").id, c.get("actor"));
    return c.body(null, 204);
  });
  app.openapi(current, async (c) => sendOk(c, await currentAccount(deps), 200));
}
