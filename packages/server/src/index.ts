export { createApp, MAX_BODY_BYTES } from "./app";
export type {
  App,
  AppDeps,
  AppEnv,
  ExecutionGuard,
  RequestAuthenticator,
  RouteRegistration,
} from "./app-deps";
export { auditEntry } from "./audit-entry";
export { expiryFrom } from "./auth/api-key";
export { Authenticator } from "./auth/authenticator";
export { DEFAULT_PASSWORD_COST, hashPassword, MIN_PASSWORD_COST, verifyPassword } from "./auth/password-hash";
export { loadOrCreateTokenSecret, TOKEN_TTL_SECONDS, TokenIssuer } from "./auth/token-issuer";
export { UserAccounts } from "./auth/user-accounts";
export { wireAwsAdapters } from "./aws-adapter-wiring";
export { ConfigError, loadConfig, type ServerConfig } from "./config";
export * from "./direct-invocation/index";
export { createEmbeddedDeps, DEFAULT_HOME_ACCOUNT_ID, PRODUCT_VERSION } from "./embedded-deps";
export { EmptySourceServerCatalog } from "./empty-source-server-catalog";
export { attachExecutions } from "./execution-wiring";
export { tuneHeapForServing } from "./heap-tuning";
export { IdParam, PageQuery } from "./http/common-params";
export { Envelope, ErrorEnvelope, fail, ok, PageOf, sendOk } from "./http/envelope";
export { jsonBody, PERMISSION_EXTENSION, requirePermission, secureRoute } from "./http/secure-route";
export { CONTENT_SECURITY_POLICY } from "./http/security-headers";
export type { NotificationDelivery } from "./notifications/notification-delivery-log";
export {
  NotificationDispatcher,
  type NotificationDispatcherOptions,
} from "./notifications/notification-dispatcher";
export { ExecutionRunner } from "./runner";
export { type RunningServer, startServer, WEB_DIST_DIR } from "./serve";
export { createExecution, type ExecutionStarterDeps } from "./services/execution-start";
export type { ExecutionsRuntime } from "./services/executions";
export { attachExecutionsRuntime } from "./services/executions";
export { launchInventory } from "./services/launch-settings";
export { runTagSync, type TagSyncDeps, type TagSyncOutcome } from "./services/tag-sync";
export { backupDatabase, DatabaseBackupError, restoreDatabase } from "./store/database-backup";
export {
  DatabaseIntegrityError,
  quickCheckProblems,
  verifyDatabaseFile,
} from "./store/database-integrity";
export { type Migration, migrate, migrations } from "./store/migrations";
export { SqliteConfigStore } from "./store/sqlite-config-store";
export { DATABASE_FILE, openDatabase } from "./store/sqlite-database";
export { SqliteUserStore } from "./store/sqlite-user-store";
export { TagSyncScheduler } from "./tag-sync/tag-sync-scheduler";
