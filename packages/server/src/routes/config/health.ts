import { z } from "@hono/zod-openapi";
import type { App, AppDeps } from "../../app-deps";
import { Envelope, sendOk } from "../../http/envelope";
import { secureRoute } from "../../http/secure-route";
import { configHealth } from "../../services/config-health";

const Check = z.object({ ok: z.boolean(), message: z.string().optional() });
const ConfigHealth = z
  .object({
    status: z.enum(["ok", "degraded"]),
    version: z.string(),
    mode: z.enum(["simulator", "aws"]),
    time: z.string(),
    store: Check,
    drs: z.array(
      Check.extend({ accountId: z.string(), region: z.string(), isHome: z.boolean(), latencyMs: z.int() }),
    ),
    executions: Check.extend({
      driver: z.enum(["in-process", "external", "not-configured"]),
      unfinished: z.int(),
      untracked: z.array(z.string()),
    }),
  })
  .openapi("ConfigHealth");

const route = secureRoute("drs:ViewResources", {
  method: "get",
  path: "/api/config/health",
  tags: ["config"],
  summary: "Store, DRS reachability per account-region, execution runner and version",
  responses: {
    200: {
      description: "The health report (status 'degraded' names what failed)",
      content: { "application/json": { schema: Envelope(ConfigHealth) } },
    },
  },
});

export function registerConfigHealth(app: App, deps: AppDeps): void {
  app.openapi(route, async (c) => sendOk(c, await configHealth(deps), 200));
}
