import { SFNClient } from "@aws-sdk/client-sfn";
import { DynamoDbExecutionStore, PausedTaskTokens, StepFunctionsExecutionDriver } from "@drso/aws";
import { type WakeEvent, wakeExecutions } from "./execution-wake";
import { lambdaRuntimeFromEnv } from "./lambda-runtime";
import { restartStrandedLoops } from "./stranded-executions";
import { createTickNotifications } from "./tick-notifications";

// Built once per cold start and reused by warm invocations.
const { config, logger, client, configStore, adapters } = lambdaRuntimeFromEnv("drso-wake");

const notifications = createTickNotifications({
  settings: configStore,
  topicPublisher: adapters.sns,
  logger,
});
const driver = config.stateMachineArn
  ? new StepFunctionsExecutionDriver(
      new SFNClient({ region: config.region }),
      config.stateMachineArn,
      new PausedTaskTokens(client, config.tables.executions),
    )
  : undefined;

/**
 * Target of the EventBridge rules: DRS launch results and EC2 state changes tick the executions
 * they concern; the 5-minute schedule ("Scheduled Event") restarts loops of stranded executions.
 */
export const handler = async (event: WakeEvent) => {
  if (event["detail-type"] === "Scheduled Event") {
    if (!driver) return { restarted: [] };
    const result = await restartStrandedLoops({
      store: new DynamoDbExecutionStore(client, config.tables),
      start: (executionId) => driver.start(executionId),
      now: () => new Date(),
      logger,
    });
    if (result.restarted.length > 0) logger.warn(result, "restarted loops of stranded executions");
    return result;
  }
  const result = await wakeExecutions(
    {
      newStore: () => new DynamoDbExecutionStore(client, config.tables),
      launcher: adapters.launcher,
      health: adapters.health,
      logger,
      onNotify: notifications.onNotify,
    },
    event,
  ).finally(() => notifications.drain());
  logger.info({ detailType: event["detail-type"], woken: result.woken }, "woke executions");
  return result;
};
