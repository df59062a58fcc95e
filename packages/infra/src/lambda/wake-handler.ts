import {
  createAwsAdapters,
  createDocumentClient,
  DynamoDbConfigStore,
  DynamoDbExecutionStore,
} from "@drso/aws";
import pino from "pino";
import { type WakeEvent, wakeExecutions } from "./execution-wake";
import { loadLambdaConfig } from "./lambda-config";

// Built once per cold start and reused by warm invocations.
const config = loadLambdaConfig(process.env);
const logger = pino({ level: config.logLevel, base: { service: "drso-wake" } });
const client = createDocumentClient({
  region: config.region,
  ...(config.dynamoDbEndpoint ? { endpoint: config.dynamoDbEndpoint } : {}),
});
const configStore = new DynamoDbConfigStore(client, config.tables);
const adapters = createAwsAdapters({
  homeAccountId: config.homeAccountId,
  targetAccounts: () => configStore.listTargetAccounts(),
  logger,
  ...(config.awsEndpoint ? { endpoint: config.awsEndpoint } : {}),
});

/** Target of the EventBridge rules (DRS launch results, EC2 state changes). */
export const handler = async (event: WakeEvent) => {
  const result = await wakeExecutions(
    {
      newStore: () => new DynamoDbExecutionStore(client, config.tables),
      launcher: adapters.launcher,
      health: adapters.health,
      logger,
    },
    event,
  );
  logger.info({ detailType: event["detail-type"], woken: result.woken }, "woke executions");
  return result;
};
