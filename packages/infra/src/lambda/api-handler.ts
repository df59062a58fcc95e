import { requestLogFields, withDirectInvocation } from "@drso/server/http-api";
import { CognitoJwtVerifier } from "aws-jwt-verify";
import { handle } from "hono/aws-lambda";
import pino from "pino";
import { createLambdaApiApp } from "./api-app";
import { loadLambdaConfig } from "./lambda-config";

// Built once per cold start: configuration, clients and the app are reused by warm invocations.
const config = loadLambdaConfig(process.env);
if (!config.cognito)
  throw new Error("Invalid configuration: DRSO_COGNITO_USER_POOL_ID and DRSO_COGNITO_CLIENT_ID are required");
const verifier = CognitoJwtVerifier.create({
  userPoolId: config.cognito.userPoolId,
  clientId: config.cognito.clientId,
  tokenUse: null,
});
// mixin: the request id on every line logged while an API request is handled (as in `drso serve`).
const logger = pino({ level: config.logLevel, base: { service: "drso-api" }, mixin: requestLogFields });
const { app } = createLambdaApiApp({ config, verifier, logger });

/**
 * API Gateway (REST, proxy integration) → the Hono app; a direct invocation
 * `{operation, body, queryParams, pathParams?}` → the same handlers through the dispatcher, as the
 * admin `lambda-direct-invocation/<request id>` (IAM allowed the invoke; a `principal` in the
 * event is ignored).
 */
export const handler = withDirectInvocation(app, handle(app));
