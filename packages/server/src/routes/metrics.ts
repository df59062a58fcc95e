import { timingSafeEqual } from "node:crypto";
import type { App, AppDeps } from "../app-deps";
import { requirePermission } from "../http/secure-route";

const bearerOf = (authorization: string | undefined) => /^Bearer (.+)$/i.exec(authorization ?? "")?.[1];

const sameSecret = (given: string, expected: string) => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * `GET /metrics`: the Prometheus text exposition of the embedded server. Outside `/api` and the
 * OpenAPI document (its answer is not the JSON envelope), but never open: the scraper's
 * `DRSO_METRICS_TOKEN` as a bearer token, or any credentials with the view permission. Refusals
 * are the API's usual 401/403 envelopes. Absent where no metrics are kept (the API Lambda).
 */
export function registerMetrics(app: App, deps: AppDeps): void {
  const { metrics } = deps;
  if (!metrics) return;
  const viewer = requirePermission("drs:ViewResources");
  app.get(
    "/metrics",
    async (c, next) => {
      const token = deps.config.metricsToken;
      const bearer = bearerOf(c.req.header("authorization"));
      if (token && bearer && sameSecret(bearer, token)) return next();
      const actor = await deps.authenticator.authenticate(
        c.req.header("authorization"),
        c.req.header("x-api-key"),
      );
      c.set("actor", actor);
      return viewer(c, next);
    },
    async (c) => {
      const { contentType, body } = await metrics.scrape();
      return c.body(body, 200, { "content-type": contentType });
    },
  );
}
