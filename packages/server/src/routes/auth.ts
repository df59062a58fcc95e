import { getConnInfo } from "@hono/node-server/conninfo";
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { App, AppDeps } from "../app-deps";
import { Sessions } from "../auth/sessions";
import { Envelope, ErrorEnvelope, sendOk } from "../http/envelope";
import { jsonBody, secureRoute } from "../http/secure-route";

const LoginRequest = z
  .strictObject({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) })
  .openapi("LoginRequest");
const LoginResponse = z
  .object({
    token: z.string(),
    expiresIn: z.int().meta({ description: "Seconds until the token expires (2700)" }),
    username: z.string(),
    roles: z.array(z.string()),
  })
  .openapi("LoginResponse");
const PasswordChange = z
  .strictObject({
    currentPassword: z.string().min(1).max(256),
    newPassword: z.string().min(8, "must be at least 8 characters").max(256),
  })
  .openapi("PasswordChange");

const login = createRoute({
  method: "post",
  path: "/api/auth/login",
  tags: ["auth"],
  summary: "Log in with a local user; returns a 45-minute JWT",
  request: { body: jsonBody(LoginRequest) },
  responses: {
    200: { description: "Logged in", content: { "application/json": { schema: Envelope(LoginResponse) } } },
    400: { description: "Invalid request", content: { "application/json": { schema: ErrorEnvelope } } },
    401: {
      description: "Wrong username or password",
      content: { "application/json": { schema: ErrorEnvelope } },
    },
    429: {
      description: "Too many failed logins for this user (Retry-After)",
      content: { "application/json": { schema: ErrorEnvelope } },
    },
  },
});
const logout = secureRoute("drs:ViewResources", {
  method: "post",
  path: "/api/auth/logout",
  tags: ["auth"],
  summary: "End this session: the Bearer token is refused from now on",
  responses: {
    200: {
      description: "Logged out",
      content: { "application/json": { schema: Envelope(z.object({ loggedOut: z.literal(true) })) } },
    },
  },
});
const password = secureRoute("drs:ViewResources", {
  method: "post",
  path: "/api/auth/password",
  tags: ["auth"],
  summary: "Change your password; your other sessions end, a new token is returned",
  request: { body: jsonBody(PasswordChange) },
  responses: {
    200: {
      description: "Password changed",
      content: { "application/json": { schema: Envelope(LoginResponse) } },
    },
    429: {
      description: "Too many wrong current passwords (Retry-After)",
      content: { "application/json": { schema: ErrorEnvelope } },
    },
  },
});

/** The client address on Node; elsewhere (Lambda) one shared bucket, API Gateway throttles there. */
function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown";
  }
}

export function registerAuth(app: App, deps: AppDeps): void {
  const sessions = new Sessions(deps.users, deps.tokens, deps.logger, {
    now: deps.now,
    ...(deps.config.passwordCost !== undefined ? { passwordCost: deps.config.passwordCost } : {}),
  });
  app.openapi(login, async (c) => {
    const { username, password } = c.req.valid("json");
    return sendOk(c, await sessions.login(username, password, clientAddress(c)), 200);
  });
  app.openapi(logout, async (c) => {
    await sessions.logout(c.req.header("authorization"));
    return sendOk(c, { loggedOut: true as const }, 200);
  });
  app.openapi(password, async (c) => {
    const { currentPassword, newPassword } = c.req.valid("json");
    const session = await sessions.changePassword(
      c.req.header("authorization"),
      currentPassword,
      newPassword,
      clientAddress(c),
    );
    return sendOk(c, session, 200);
  });
}
