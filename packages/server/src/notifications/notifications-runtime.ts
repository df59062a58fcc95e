import type { NotificationDeliveryLog } from "./notification-delivery-log";
import type { NotificationDispatcher } from "./notification-dispatcher";

/** The notification dispatcher and its delivery log, set on `AppDeps.notifications` by `attachNotifications`. */
export interface NotificationsRuntime {
  dispatcher: NotificationDispatcher;
  log: NotificationDeliveryLog;
}
