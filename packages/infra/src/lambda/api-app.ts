import { randomBytes } from "node:crypto";
import {
  type AwsCredentials,
  createAwsAdapters,
  createDocumentClient,
  DynamoDbConfigStore,
  DynamoDbUserStore,
} from "@drso/aws";
import { type App, type AppDeps, Authenticator, createApp, TokenIssuer } from "@drso/server";
import type { Logger } from "pino";
import { CognitoAuthenticator, type CognitoTokenVerifier } from "./cognito-authenticator";
import type { LambdaConfig } from "./lambda-config";

export interface LambdaApiOptions {
  config: LambdaConfig;
  verifier: CognitoTokenVerifier;
  logger: Logger;
  /** Simulator credentials in tests; unset in Lambda (the function's role through the default chain). */
  awsCredentials?: AwsCredentials;
  now?: () => Date;
}

/**
 * The same Hono app as `drso serve`, wired for AWS: DynamoDB stores, the DRS/EC2/STS adapters on the
 * function's role, Cognito tokens as the credentials (groups = roles), X-Api-Key keys from DynamoDB.
 */
export const createLambdaApiApp = (
  options: LambdaApiOptions,
): { app: App; deps: AppDeps; destroy(): void } => {
  const { config } = options;
  const client = createDocumentClient({
    region: config.region,
    ...(config.dynamoDbEndpoint ? { endpoint: config.dynamoDbEndpoint } : {}),
    ...(options.awsCredentials ? { credentials: options.awsCredentials } : {}),
  });
  const store = new DynamoDbConfigStore(client, config.tables);
  const users = new DynamoDbUserStore(client, config.tables);
  const adapters = createAwsAdapters({
    homeAccountId: config.homeAccountId,
    targetAccounts: () => store.listTargetAccounts(),
    logger: options.logger,
    ...(config.awsEndpoint ? { endpoint: config.awsEndpoint } : {}),
    ...(options.awsCredentials ? { credentials: options.awsCredentials } : {}),
  });
  const now = options.now ?? (() => new Date());
  // Sessions come from Cognito; this issuer only backs the local-login route, whose tokens the
  // Cognito authenticator does not accept (a per-cold-start secret, never shared).
  const tokens = new TokenIssuer(randomBytes(32), now);
  const deps: AppDeps = {
    config: { version: "0.1.0", mode: "aws", homeAccountId: config.homeAccountId },
    store,
    users,
    tokens,
    authenticator: new CognitoAuthenticator(options.verifier, new Authenticator(tokens, users)),
    catalog: adapters.catalog,
    launcher: adapters.launcher,
    health: adapters.health,
    accountAccess: adapters.accountAccess,
    logger: options.logger,
    now,
    storeStatus: async () => {
      await store.getSettings();
      return "ok";
    },
    // Key owned by the server's EC2 routes (EC2_INVENTORY_EXTENSION).
    extensions: { ec2Inventory: adapters.ec2 },
  };
  return {
    app: createApp(deps),
    deps,
    destroy: () => {
      adapters.destroy();
      client.destroy();
    },
  };
};
