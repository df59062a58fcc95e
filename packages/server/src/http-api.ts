/**
 * The HTTP API without the embedded mode (`@drso/server/http-api`): the app, its auth and the
 * wiring the API Lambda needs, and nothing that reaches SQLite, the simulator or `drso serve`.
 */
export { createApp, MAX_BODY_BYTES } from "./app";
export type { App, AppDeps, AppEnv, ExecutionGuard, RequestAuthenticator } from "./app-deps";
export { Authenticator } from "./auth/authenticator";
export { TokenIssuer } from "./auth/token-issuer";
export { wireAwsAdapters } from "./aws-adapter-wiring";
export { withDirectInvocation } from "./direct-invocation/lambda-direct-event";
export { requestLogFields } from "./http/request-context";
export { attachExecutionsRuntime } from "./services/executions";
export { launchInventory } from "./services/launch-settings";
