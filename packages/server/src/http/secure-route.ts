import { AuthenticationError, ForbiddenError, hasPermission, type Permission } from "@drso/core";
import { createRoute, type RouteConfig } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-deps";
import { ErrorEnvelope } from "./envelope";

/** OpenAPI extension naming the permission a route needs; the RBAC tests read it from the document. */
export const PERMISSION_EXTENSION = "x-drso-permission";

const errorResponses = {
  400: { description: "Invalid request", content: { "application/json": { schema: ErrorEnvelope } } },
  401: {
    description: "No or invalid credentials",
    content: { "application/json": { schema: ErrorEnvelope } },
  },
  403: {
    description: "Role lacks the permission",
    content: { "application/json": { schema: ErrorEnvelope } },
  },
  404: { description: "Not found", content: { "application/json": { schema: ErrorEnvelope } } },
  409: { description: "Conflict", content: { "application/json": { schema: ErrorEnvelope } } },
} as const;

/** The permission check, in one place: runs before request validation, so a 403 never leaks a 400. */
export const requirePermission =
  (permission: Permission): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    const actor = c.get("actor");
    if (!actor) throw new AuthenticationError();
    if (!hasPermission(actor.roles, permission)) {
      throw new ForbiddenError(`Your role does not allow ${permission}`, { permission, roles: actor.roles });
    }
    await next();
  };

/**
 * Declares an authenticated route that needs `permission`. Authentication itself is global
 * (`app.ts`), so a route registered without this helper still needs a valid caller.
 */
export function secureRoute<R extends Omit<RouteConfig, "middleware" | "security">>(
  permission: Permission,
  config: R,
): R & { middleware: MiddlewareHandler<AppEnv>[] } {
  const middleware: MiddlewareHandler<AppEnv>[] = [requirePermission(permission)];
  // The cast keeps the caller's exact request/response types, which the spread below widens.
  return createRoute({
    ...config,
    [PERMISSION_EXTENSION]: permission,
    security: [{ bearerAuth: [] }, { apiKeyAuth: [] }],
    middleware,
    responses: { ...errorResponses, ...config.responses },
  }) as unknown as R & { middleware: MiddlewareHandler<AppEnv>[] };
}

/** A JSON body that must be present (without `required`, zod-openapi skips non-JSON requests). */
export const jsonBody = <T>(schema: T) => ({
  required: true,
  content: { "application/json": { schema } },
});
