import { PERMISSIONS, permissionsOf } from "@drso/core";
import { z } from "@hono/zod-openapi";
import type { App } from "../app-deps";
import { Envelope, sendOk } from "../http/envelope";
import { secureRoute } from "../http/secure-route";

const json = <T>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

const Profile = z.object({ username: z.string(), roles: z.array(z.string()) }).openapi("UserProfile");
const Permissions = z
  .object({
    roles: z.array(z.string()),
    permissions: z.array(z.string()),
    /** Every permission with whether the caller has it: what the UI uses to show or hide actions. */
    can: z.record(z.string(), z.boolean()),
  })
  .openapi("UserPermissions");

const profile = secureRoute("drs:ViewResources", {
  method: "get",
  path: "/api/user/profile",
  tags: ["user"],
  summary: "The caller's user name and roles",
  responses: { 200: json(Envelope(Profile), "Profile") },
});
const permissions = secureRoute("drs:ViewResources", {
  method: "get",
  path: "/api/user/permissions",
  tags: ["user"],
  summary: "The caller's permissions (from the role table)",
  responses: { 200: json(Envelope(Permissions), "Permissions") },
});

export function registerUser(app: App): void {
  app.openapi(profile, (c) => {
    const actor = c.get("actor");
    return sendOk(c, { username: actor.username, roles: actor.roles }, 200);
  });
  app.openapi(permissions, (c) => {
    const actor = c.get("actor");
    const granted = permissionsOf(actor.roles);
    const can = Object.fromEntries(PERMISSIONS.map((p) => [p, granted.includes(p)]));
    return sendOk(c, { roles: actor.roles, permissions: granted, can }, 200);
  });
}
