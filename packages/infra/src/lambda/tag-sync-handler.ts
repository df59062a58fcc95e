import { ScheduleMarker } from "@drso/aws";
import { lambdaRuntimeFromEnv } from "./lambda-runtime";
import { runScheduledTagSync } from "./scheduled-tag-sync";

// Built once per cold start and reused by warm invocations.
const { config, logger, client, configStore: store, adapters } = lambdaRuntimeFromEnv("drso-tag-sync");
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
