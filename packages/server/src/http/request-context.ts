import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import type { AppDeps, AppEnv } from "../app-deps";

/** An incoming `x-request-id` is kept only in this shape, so that it is safe in logs and headers. */
const WELL_FORMED_REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

const requestScope = new AsyncLocalStorage<{ requestId: string }>();

/**
 * pino `mixin` of the server's loggers (serve.ts, the API Lambda): adds `requestId` to every line
 * logged while a request is handled, from whichever module logs it.
 */
export const requestLogFields = (): { requestId?: string } => {
  const scope = requestScope.getStore();
  return scope ? { requestId: scope.requestId } : {};
};

/**
 * First middleware of the API: the request id (the caller's if well formed, else a new UUID) in the
 * context, in every log line of the request and in the `x-request-id` response header; and the
 * request's duration by matched route pattern (never the raw URL, so the label set stays bounded).
 */
export const requestContext =
  (deps: Pick<AppDeps, "metrics">): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    const incoming = c.req.header("x-request-id");
    const requestId = incoming && WELL_FORMED_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    c.set("requestId", requestId);
    const started = performance.now();
    await requestScope.run({ requestId }, next);
    c.header("x-request-id", requestId);
    // routePath: the pattern of the handler that answered (or of the middleware that refused).
    deps.metrics?.httpRequest(c.req.method, routePath(c), c.res.status, (performance.now() - started) / 1000);
  };
