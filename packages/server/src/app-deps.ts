import type {
  AccountAccessValidator,
  Actor,
  ConfigStore,
  Ec2Inventory,
  InstanceHealthProbe,
  LaunchSettingsPort,
  RecoveryLauncher,
  ReplicationSettingsPort,
  SourceServerCatalog,
  SourceServerTagWriter,
  TopicPublisher,
  UserStore,
} from "@drso/core";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Logger } from "pino";
import type { TokenIssuer } from "./auth/token-issuer";
import type { ServerMetrics } from "./metrics/server-metrics";
import type { NotificationsRuntime } from "./notifications/notifications-runtime";
import type { ExecutionsRuntime } from "./services/executions-runtime";

/**
 * Everything the API needs, built once at start (see `serve.ts`) or by the test server.
 * Optional adapters are filled by the modules that own them (`wireAwsAdapters`, the execution and
 * notification wiring); `createApp` checks the ones present once (`assertAdapterShapes`), and a
 * request that needs an absent one answers 502 with its `…_UNAVAILABLE` code (`requireAdapter`).
 */
export interface AppDeps {
  config: {
    version: string;
    mode: "simulator" | "aws";
    homeAccountId: string;
    webDistDir?: string;
    /** log2 of scrypt's N for password hashes (DRSO_PASSWORD_COST); absent: the production default. */
    passwordCost?: number;
    /** Bearer token a Prometheus scraper may use for `GET /metrics` (DRSO_METRICS_TOKEN). */
    metricsToken?: string;
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
  /** Set with `executions`: refuses (409) changes to groups/plans an active execution uses. */
  executionGuard?: ExecutionGuard;
  launcher?: RecoveryLauncher;
  health?: InstanceHealthProbe;
  accountAccess?: AccountAccessValidator;
  /** EC2/IAM reads: the launch-settings pickers and the checks of launch and replication settings. */
  ec2?: Ec2Inventory;
  /** Per-server DRS launch configuration and EC2 launch template. */
  launchSettings?: LaunchSettingsPort;
  /** Per-server DRS replication configuration. */
  replicationSettings?: ReplicationSettingsPort;
  /** DRS source-server tags and the EC2 tags of their source instances (tag sync, tag edits). */
  sourceServerTags?: SourceServerTagWriter;
  /** SNS publishing of execution notifications. */
  topicPublisher?: TopicPublisher;
  /** Who drives executions and where they are stored (`attachExecutions`, `attachExecutionsRuntime`). */
  executions?: ExecutionsRuntime;
  /** The notification dispatcher and delivery log (`attachNotifications`). */
  notifications?: NotificationsRuntime;
  /** The Prometheus figures of `GET /metrics` (embedded mode; `createEmbeddedDeps`). */
  metrics?: ServerMetrics;
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
