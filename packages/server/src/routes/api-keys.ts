import { Name, NotFoundError, ROLES, ValidationError } from "@drso/core";
import { z } from "@hono/zod-openapi";
import type { App, AppDeps } from "../app-deps";
import { EXPIRES_IN_PATTERN, expiryFrom } from "../auth/api-key";
import { UserAccounts } from "../auth/user-accounts";
import { IdParam } from "../http/common-params";
import { Envelope, sendOk } from "../http/envelope";
import { jsonBody, secureRoute } from "../http/secure-route";

const ApiKeyView = z
  .object({
    keyId: z.string(),
    name: z.string(),
    roles: z.array(z.string()),
    createdDate: z.string(),
    createdBy: z.string(),
    expiresAt: z.string().optional().meta({ description: "Absent: the key does not expire" }),
    lastUsedAt: z.string().optional().meta({ description: "Last request with the key (to the minute)" }),
  })
  .openapi("ApiKey");
const ApiKeyCreate = z
  .strictObject({
    name: Name,
    role: z.enum(ROLES),
    expiresIn: z
      .string()
      .regex(EXPIRES_IN_PATTERN, "must be days or hours such as 90d or 12h")
      .optional()
      .meta({ description: "Lifetime, e.g. 90d or 12h; absent: the key does not expire" }),
  })
  .openapi("ApiKeyCreate");
const ApiKeyCreated = ApiKeyView.extend({
  key: z.string().meta({ description: "The key, shown once: send it as the X-Api-Key header" }),
}).openapi("ApiKeyCreated");

const list = secureRoute("drs:ManageAccounts", {
  method: "get",
  path: "/api/apikeys",
  tags: ["apikeys"],
  summary: "API keys with their expiry and last use (secrets are never shown again)",
  responses: {
    200: {
      description: "Keys",
      content: { "application/json": { schema: Envelope(z.object({ items: z.array(ApiKeyView) })) } },
    },
  },
});
const create = secureRoute("drs:ManageAccounts", {
  method: "post",
  path: "/api/apikeys",
  tags: ["apikeys"],
  summary: "Create an API key; the key is in this answer only",
  request: { body: jsonBody(ApiKeyCreate) },
  responses: {
    201: { description: "Created", content: { "application/json": { schema: Envelope(ApiKeyCreated) } } },
  },
});
const revoke = secureRoute("drs:ManageAccounts", {
  method: "delete",
  path: "/api/apikeys/{id}",
  tags: ["apikeys"],
  summary: "Revoke an API key: it is refused from now on",
  request: { params: IdParam },
  responses: {
    200: {
      description: "Revoked",
      content: {
        "application/json": { schema: Envelope(z.object({ keyId: z.string(), name: z.string() })) },
      },
    },
  },
});

/** The stored record without its secret hash. */
const viewOf = ({ secretHash: _, ...key }: { secretHash: string } & z.infer<typeof ApiKeyView>) => key;

/** `/api/apikeys`: the same key administration as `drso apikeys`, for admins. */
export function registerApiKeys(app: App, deps: AppDeps): void {
  const accounts = new UserAccounts(deps.users, { now: deps.now });
  app.openapi(list, async (c) => {
    const items = (await deps.users.listApiKeys()).map(viewOf);
    return sendOk(c, { items }, 200);
  });
  app.openapi(create, async (c) => {
    const { name, role, expiresIn } = c.req.valid("json");
    const expiresAt = expiresIn === undefined ? undefined : expiryFrom(expiresIn, deps.now());
    if (expiresIn !== undefined && !expiresAt)
      throw new ValidationError("expiresIn: at most 10 years", { field: "expiresIn" });
    const { record, key } = await accounts.createApiKey(role, name, c.get("actor").username, expiresAt);
    return sendOk(c, { ...viewOf(record), key }, 201);
  });
  app.openapi(revoke, async (c) => {
    // By id only: a name could match several keys, and DELETE names one resource.
    const { id } = c.req.valid("param");
    const key = await deps.users.getApiKey(id);
    if (!key) throw new NotFoundError("API key", id);
    const revoked = await accounts.revokeApiKey(key.keyId, c.get("actor").username);
    return sendOk(c, { keyId: revoked.keyId, name: revoked.name }, 200);
  });
}
