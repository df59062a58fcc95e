import { PageRequest } from "@drso/core";
import { z } from "@hono/zod-openapi";
import type { App, AppDeps } from "../app-deps";
import { Envelope, PageOf, sendOk } from "../http/envelope";
import { secureRoute } from "../http/secure-route";

const AuditEntrySchema = z
  .object({
    auditId: z.string(),
    timestamp: z.string(),
    actor: z.string(),
    action: z.string(),
    resourceType: z.string(),
    resourceId: z.string(),
    beforeVersion: z.int().optional(),
    afterVersion: z.int().optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi("AuditEntry");

const AuditQuery = PageRequest.extend({ resourceId: z.string().max(128).optional() });

const list = secureRoute("drs:ViewResources", {
  method: "get",
  path: "/api/audit",
  tags: ["audit"],
  summary: "Audit log, newest first (optionally for one resource)",
  request: { query: AuditQuery },
  responses: {
    200: {
      description: "A page of entries",
      content: { "application/json": { schema: Envelope(PageOf(AuditEntrySchema)) } },
    },
  },
});

export function registerAudit(app: App, deps: AppDeps): void {
  app.openapi(list, async (c) => sendOk(c, await deps.store.listAudit(c.req.valid("query")), 200));
}
