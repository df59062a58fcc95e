import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import type { App, AppDeps, AppEnv, RouteRegistration } from "./app-deps";
import { directPrincipalOf } from "./direct-invocation/direct-principal";
import { fail } from "./http/envelope";
import { errorResponse } from "./http/error-mapping";
import { requestContext } from "./http/request-context";
import { securityHeaders } from "./http/security-headers";
import { endStreamsWhenSessionEnds } from "./http/session-watch";
import { registerStaticUi } from "./http/static-ui";
import { drainUnreadBody } from "./http/unread-body-drain";
import { assertAdapterShapes } from "./optional-adapters";
import { routeRegistrations } from "./routes";

/** Paths under /api that answer without credentials. */
const PUBLIC_API_PATHS = new Set(["/api/health", "/api/auth/login", "/api/openapi.json", "/api/docs"]);
const isPublic = (path: string) => PUBLIC_API_PATHS.has(path) || path.startsWith("/api/docs/");

/** Request bodies above this are refused with 413 before parsing (an import bundle fits easily). */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface AppOptions {
  /** The API's routes (tests add probes). */
  routes?: readonly RouteRegistration[];
  /**
   * The Swagger UI page of embedded mode (`registerDocs`, http/api-docs.ts). The Lambda API leaves it
   * out and serves only `/api/openapi.json`, so swagger-ui-dist stays out of its bundle.
   */
  apiDocs?: RouteRegistration;
}

/**
 * The HTTP application: every route under `/api`, the envelope and error mapping, authentication
 * and the OpenAPI document; the web UI for every other path.
 */
export function createApp(deps: AppDeps, options: AppOptions = {}): App {
  assertAdapterShapes(deps);
  const app = new OpenAPIHono<AppEnv>({
    // Request validation failures become the 400 envelope in errorResponse.
    defaultHook: (result) => {
      if (!result.success) throw result.error;
    },
  });

  app.onError((err, c) => errorResponse(err, c, deps.logger));
  app.notFound((c) => c.json(fail("NOT_FOUND", `No route ${c.req.method} ${c.req.path}`), 404));

  app.use("*", securityHeaders());
  app.use("/api/*", requestContext(deps));
  app.use("/metrics", requestContext(deps));
  app.use("/api/*", drainUnreadBody(MAX_BODY_BYTES));
  app.use("/api/*", async (c, next) => {
    if (!isPublic(c.req.path)) {
      c.set(
        "actor",
        // A direct invocation (src/direct-invocation) names its principal in-process; HTTP cannot.
        directPrincipalOf(c.env) ??
          (await deps.authenticator.authenticate(c.req.header("authorization"), c.req.header("x-api-key"))),
      );
    }
    await next();
  });
  app.use("/api/*", endStreamsWhenSessionEnds(deps.authenticator));
  app.use(
    "/api/*",
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => c.json(fail("PAYLOAD_TOO_LARGE", `Request body exceeds ${MAX_BODY_BYTES} bytes`), 413),
    }),
  );

  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "Token from POST /api/auth/login (45 minutes)",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "apiKeyAuth", {
    type: "apiKey",
    in: "header",
    name: "X-Api-Key",
    description: "Key from `drso apikeys create`",
  });

  for (const register of options.routes ?? routeRegistrations) register(app, deps);

  app.doc31("/api/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "DRS Orchestrator API",
      version: deps.config.version,
      description:
        "Orchestrates AWS Elastic Disaster Recovery: protection groups, recovery plans, executions.",
    },
    servers: [{ url: "/" }],
  });
  options.apiDocs?.(app, deps);
  // Unknown /api paths must answer the JSON 404, not the UI's index.html.
  app.all("/api/*", (c) => c.json(fail("NOT_FOUND", `No route ${c.req.method} ${c.req.path}`), 404));
  registerStaticUi(app, deps.config.webDistDir);
  return app;
}
