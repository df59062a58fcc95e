import type { Database } from "better-sqlite3";
import type { AppDeps } from "../app-deps";
import { NotificationDeliveryLog } from "./notification-delivery-log";
import { NotificationDispatcher } from "./notification-dispatcher";
import type { NotificationsRuntime } from "./notifications-runtime";
import type { WebhookRetryPolicy } from "./webhook-delivery";

export * from "./notification-delivery-log";
export * from "./notification-dispatcher";
export type { NotificationsRuntime } from "./notifications-runtime";
export * from "./webhook-address";
export * from "./webhook-delivery";
export * from "./webhook-signature";

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
    // Read at each send: the wiring may set the SNS adapter after notifications are attached.
    topicPublisher: () => deps.topicPublisher,
    ...(webhookRetry ? { webhookRetry } : {}),
    ...(deps.metrics
      ? { onWebhookDelivered: (delivered: boolean) => deps.metrics?.webhookDelivery(delivered) }
      : {}),
  });
  const runtime = { dispatcher, log };
  deps.notifications = runtime;
  return runtime;
}
