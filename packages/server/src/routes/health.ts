import { createRoute, z } from "@hono/zod-openapi";
import type { App, AppDeps } from "../app-deps";
import { Envelope, sendOk } from "../http/envelope";

const Health = z
  .object({
    status: z.enum(["ok", "degraded"]),
    version: z.string(),
    mode: z.enum(["simulator", "aws"]),
    store: z.string().meta({ description: "'ok' or what is wrong with the store" }),
    time: z.string(),
  })
  .openapi("Health");

const route = createRoute({
  method: "get",
  path: "/api/health",
  tags: ["health"],
  summary: "Liveness and store status: 503 when a probe write fails (no authentication)",
  responses: {
    200: { description: "Healthy", content: { "application/json": { schema: Envelope(Health) } } },
    503: { description: "Store unavailable", content: { "application/json": { schema: Envelope(Health) } } },
  },
});

export function registerHealth(app: App, deps: AppDeps): void {
  app.openapi(route, async (c) => {
    const store = await deps
      .storeStatus()
      .catch((e: unknown) => (e instanceof Error ? e.message : String(e)));
    const body = {
      status: store === "ok" ? ("ok" as const) : ("degraded" as const),
      version: deps.config.version,
      mode: deps.config.mode,
      store,
      time: deps.now().toISOString(),
    };
    return store === "ok" ? sendOk(c, body, 200) : sendOk(c, body, 503);
  });
}
