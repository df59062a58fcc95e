import { AuthenticationError, TooManyLoginAttemptsError } from "@drso/core";
import { getConnInfo } from "@hono/node-server/conninfo";
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { App, AppDeps } from "../app-deps";
import { LoginThrottle } from "../auth/login-throttle";
import { verifyPassword } from "../auth/password-hash";
import { Envelope, ErrorEnvelope, sendOk } from "../http/envelope";
import { jsonBody } from "../http/secure-route";

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

const route = createRoute({
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
  },
});

// Verifying against a throwaway hash when the user does not exist keeps the answer time the same,
// so that login does not reveal which usernames exist.
const DUMMY_HASH = "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

/** The client address on Node; elsewhere (Lambda) one shared bucket, API Gateway throttles there. */
function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown";
  }
}

export function registerAuth(app: App, deps: AppDeps): void {
  const throttle = new LoginThrottle();
  app.openapi(route, async (c) => {
    const { username, password } = c.req.valid("json");
    const address = clientAddress(c);
    const wait = throttle.retryAfterSeconds(username, address);
    if (wait > 0) {
      c.header("retry-after", String(wait));
      throw new TooManyLoginAttemptsError(wait);
    }
    const user = await deps.users.getUser(username);
    const valid = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !valid) {
      throttle.recordFailure(username, address);
      throw new AuthenticationError("Wrong username or password", "INVALID_CREDENTIALS");
    }
    throttle.recordSuccess(username, address);
    const { token, expiresIn } = await deps.tokens.issue({ username: user.username, roles: user.roles });
    return sendOk(c, { token, expiresIn, username: user.username, roles: user.roles }, 200);
  });
}
