import {
  type AccountAccessValidator,
  type Actor,
  type ConfigStore,
  type InstanceHealthProbe,
  type RecoveryLauncher,
  type SourceServerCatalog,
  UpstreamError,
  type UserStore,
} from "@drso/core";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Logger } from "pino";
import type { TokenIssuer } from "./auth/token-issuer";

/**
 * Everything the API needs, built once at start (see `serve.ts`) or by the test server.
 * Optional adapters are filled by the modules that own them (AWS adapters, runner); a route
 * that needs an absent adapter answers 503.
 */
export interface AppDeps {
  config: {
    version: string;
    mode: "simulator" | "aws";
    homeAccountId: string;
    webDistDir?: string;
    /** log2 of scrypt's N for password hashes (DRSO_PASSWORD_COST); absent: the production default. */
    passwordCost?: number;
  };
  store: ConfigStore;
  users: UserStore;
  tokens: TokenIssuer;
  /** Any verifier of request credentials: local JWT/API keys here, Cognito JWTs on AWS (infra). */
  authenticator: RequestAuthenticator;
  catalog: SourceServerCatalog;
  logger: Logger;
  now: () => Date;
  /** Store liveness for `GET /api/health`. */
  storeStatus: () => Promise<"ok" | string>;
  /** Set by the execution runner: refuses (409) changes to groups/plans an active execution uses. */
  executionGuard?: ExecutionGuard;
  launcher?: RecoveryLauncher;
  health?: InstanceHealthProbe;
  accountAccess?: AccountAccessValidator;
  /**
   * Extension point for other modules (execution store, runner, simulator handle...). Keys are
   * owned by the module that sets them; read them with `requireExtension` or a type guard.
   */
  extensions: Record<string, unknown>;
}

/** Turns a request's credentials into the caller, or throws AuthenticationError (401). */
export interface RequestAuthenticator {
  authenticate(authorization: string | undefined, apiKey: string | undefined): Promise<Actor>;
}

export interface ExecutionGuard {
  /** Throws ConflictError naming the execution when an active or paused execution uses the group. */
  assertGroupNotInActiveExecution(groupId: string): Promise<void>;
  /** Throws ConflictError naming the execution when the plan has an active or paused execution. */
  assertPlanNotInActiveExecution(planId: string): Promise<void>;
}

/** Variables every authenticated handler can read with `c.get(...)`. */
export interface AppEnv {
  Variables: { actor: Actor; requestId: string };
}

export type App = OpenAPIHono<AppEnv>;

/** A route module: registers its routes on the app. Listed in `routes/index.ts`. */
export type RouteRegistration = (app: App, deps: AppDeps) => void;

/**
 * The adapter the wiring put under `key` in `deps.extensions` (see `wireAwsAdapters`); when it is
 * absent, or lacks the `probe` method, the request fails with `UpstreamError(code, message)`.
 */
export function requireExtension<T extends object>(
  deps: AppDeps,
  key: string,
  probe: keyof T & string,
  error: { code: string; message: string },
): T {
  const value = deps.extensions[key];
  if (
    typeof value !== "object" ||
    value === null ||
    typeof (value as Record<string, unknown>)[probe] !== "function"
  )
    throw new UpstreamError(error.code, error.message);
  return value as T;
}
