import type { ConfigStore, ExecutionState, TopicPublisher } from "@drso/core";
import { NotificationDispatcher } from "@drso/server/notifications";
import type { Logger } from "pino";

export interface TickNotifications {
  /** The runner's `onNotify`: the engine's Notify commands go to the receivers the settings name. */
  onNotify(state: ExecutionState, subject: string, message: string): void;
  /** Waits for the deliveries in flight: a Lambda is frozen once its handler returns. */
  drain(): Promise<void>;
}

/**
 * Notifications of the Tick (and Wake) Lambda, the same way `drso serve` sends them: the server's
 * `NotificationDispatcher` (signed, retried webhooks and the SNS topic of the settings). Deliveries
 * are recorded as structured log lines (CloudWatch) rather than in the local SQLite delivery log.
 */
export const createTickNotifications = (deps: {
  settings: Pick<ConfigStore, "getSettings">;
  topicPublisher?: TopicPublisher;
  logger: Logger;
  now?: () => Date;
  webhookRetry?: { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number };
}): TickNotifications => {
  const dispatcher = new NotificationDispatcher({
    settings: deps.settings,
    log: { save: (delivery) => deps.logger.info({ delivery }, "notification delivery") },
    logger: deps.logger,
    now: deps.now ?? (() => new Date()),
    topicPublisher: () => deps.topicPublisher,
    ...(deps.webhookRetry ? { webhookRetry: deps.webhookRetry } : {}),
  });
  return {
    onNotify: (state, subject, message) => dispatcher.onNotify(state, subject, message),
    drain: () => dispatcher.drain(),
  };
};
