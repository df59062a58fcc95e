import { DynamoDbExecutionStore, PausedTaskTokens, type TickInput, type TickResult } from "@drso/aws";
import { parkWhilePaused } from "./execution-park";
import { runExecutionTick } from "./execution-tick";
import { lambdaRuntimeFromEnv } from "./lambda-runtime";
import { createTickNotifications } from "./tick-notifications";

// Built once per cold start and reused by warm invocations.
const { config, logger, client, configStore, adapters } = lambdaRuntimeFromEnv("drso-tick");

const tokens = new PausedTaskTokens(client, config.tables.executions);
const notifications = createTickNotifications({
  settings: configStore,
  topicPublisher: adapters.sns,
  logger,
});

/**
 * The state machine's Tick task: `action: "tick"` advances the execution and returns the next
 * step; `action: "park"` (the paused wait) stores the task token that resume/cancel answer.
 */
export const handler = async (input: TickInput): Promise<TickResult | undefined> => {
  if (input.action === "park") {
    if (input.taskToken)
      await parkWhilePaused(
        { tokens, store: new DynamoDbExecutionStore(client, config.tables) },
        input.executionId,
        input.taskToken,
      );
    logger.info({ executionId: input.executionId }, "parked while paused");
    return undefined;
  }
  // A fresh store per invocation: its optimistic check is against the state this tick loaded.
  const store = new DynamoDbExecutionStore(client, config.tables);
  try {
    return await runExecutionTick(
      {
        store,
        launcher: adapters.launcher,
        health: adapters.health,
        logger,
        onNotify: notifications.onNotify,
      },
      { executionId: input.executionId },
    );
  } finally {
    // Deliver before returning: the Lambda is frozen afterwards.
    await notifications.drain();
  }
};
