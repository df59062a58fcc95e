import {
  type AwsAdapters,
  type AwsCredentials,
  createAwsAdapters,
  createDocumentClient,
  DynamoDbConfigStore,
} from "@drso/aws";
import pino, { type Logger } from "pino";
import { type LambdaConfig, loadLambdaConfig } from "./lambda-config";

/** What every Lambda function builds once per cold start: config, logger, store and adapters. */
export interface LambdaRuntime {
  config: LambdaConfig;
  logger: Logger;
  client: ReturnType<typeof createDocumentClient>;
  configStore: DynamoDbConfigStore;
  adapters: AwsAdapters;
}

export function createLambdaRuntime(
  config: LambdaConfig,
  logger: Logger,
  awsCredentials?: AwsCredentials,
): LambdaRuntime {
  const client = createDocumentClient({
    region: config.region,
    ...(config.dynamoDbEndpoint ? { endpoint: config.dynamoDbEndpoint } : {}),
    ...(awsCredentials ? { credentials: awsCredentials } : {}),
  });
  const configStore = new DynamoDbConfigStore(client, config.tables);
  const adapters = createAwsAdapters({
    homeAccountId: config.homeAccountId,
    targetAccounts: () => configStore.listTargetAccounts(),
    logger,
    ...(config.awsEndpoint ? { endpoint: config.awsEndpoint } : {}),
    ...(awsCredentials ? { credentials: awsCredentials } : {}),
  });
  return { config, logger, client, configStore, adapters };
}

/** The runtime of a Lambda entry point, from its environment; `service` names it in the logs. */
export function lambdaRuntimeFromEnv(service: string): LambdaRuntime {
  const config = loadLambdaConfig(process.env);
  return createLambdaRuntime(config, pino({ level: config.logLevel, base: { service } }));
}
