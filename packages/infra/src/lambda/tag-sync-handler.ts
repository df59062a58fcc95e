import { createAwsAdapters, createDocumentClient, DynamoDbConfigStore, ScheduleMarker } from "@drso/aws";
import pino from "pino";
import { loadLambdaConfig } from "./lambda-config";
import { runScheduledTagSync } from "./scheduled-tag-sync";

// Built once per cold start and reused by warm invocations.
const config = loadLambdaConfig(process.env);
const logger = pino({ level: config.logLevel, base: { service: "drso-tag-sync" } });
const client = createDocumentClient({
  region: config.region,
  ...(config.dynamoDbEndpoint ? { endpoint: config.dynamoDbEndpoint } : {}),
});
const store = new DynamoDbConfigStore(client, config.tables);
const adapters = createAwsAdapters({
  homeAccountId: config.homeAccountId,
  targetAccounts: () => store.listTargetAccounts(),
  logger,
  ...(config.awsEndpoint ? { endpoint: config.awsEndpoint } : {}),
});
const marker = new ScheduleMarker(client, config.tables);

/** Target of the EventBridge schedule (every 5 minutes): the scheduled tag sync when due. */
export const handler = async () => {
  const result = await runScheduledTagSync({
    homeAccountId: config.homeAccountId,
    store,
    catalog: adapters.catalog,
    sourceServerTags: adapters.sourceServerTags,
    marker,
    logger,
    now: () => new Date(),
  });
  logger.info(result, "scheduled tag sync");
  return result;
};
