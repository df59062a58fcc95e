import type { TopicPublisher } from "@drso/core";
import type { Database } from "better-sqlite3";
import type { AppDeps } from "../app-deps";
import { NotificationDeliveryLog } from "./notification-delivery-log";
import { NotificationDispatcher } from "./notification-dispatcher";
import type { WebhookRetryPolicy } from "./webhook-delivery";

export * from "./notification-delivery-log";
export * from "./notification-dispatcher";
export * from "./webhook-address";
export * from "./webhook-delivery";
export * from "./webhook-signature";

/** `deps.extensions` key of the dispatcher and delivery log (read by the notification routes). */
export const NOTIFICATIONS_EXTENSION = "notifications";
/** `deps.extensions` key where the wiring puts the SNS adapter (`createAwsAdapters(...).sns`). */
export const TOPIC_PUBLISHER_EXTENSION = "snsTopicPublisher";

export interface NotificationsRuntime {
  dispatcher: NotificationDispatcher;
  log: NotificationDeliveryLog;
}

export const notificationsRuntimeOf = (deps: AppDeps): NotificationsRuntime | undefined =>
  deps.extensions[NOTIFICATIONS_EXTENSION] as NotificationsRuntime | undefined;

/** Builds the dispatcher over the app's database and settings and registers it on `deps`. */
export function attachNotifications(
  deps: AppDeps,
  db: Database,
  webhookRetry?: Partial<WebhookRetryPolicy>,
): NotificationsRuntime {
  const log = new NotificationDeliveryLog(db);
  const dispatcher = new NotificationDispatcher({
    settings: deps.store,
    log,
    logger: deps.logger,
    now: deps.now,
    topicPublisher: () => deps.extensions[TOPIC_PUBLISHER_EXTENSION] as TopicPublisher | undefined,
    ...(webhookRetry ? { webhookRetry } : {}),
  });
  const runtime = { dispatcher, log };
  deps.extensions[NOTIFICATIONS_EXTENSION] = runtime;
  return runtime;
}
