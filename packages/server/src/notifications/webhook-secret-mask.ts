import {
  type NotificationSettings,
  notificationSettingsOf,
  type Settings,
  tagSyncSettingsOf,
} from "@drso/core";

/**
 * What `GET /api/config/settings` shows instead of a webhook secret: readers of the settings must
 * not be able to forge signed deliveries. A PUT that sends the mask back keeps the stored secret.
 */
export const WEBHOOK_SECRET_MASK = "****************";

export const maskWebhookSecrets = (settings: Settings): Settings => {
  const notifications = notificationSettingsOf(settings);
  return {
    ...settings,
    tagSync: tagSyncSettingsOf(settings),
    notifications: {
      ...notifications,
      webhooks: notifications.webhooks.map((w) => ({ ...w, secret: WEBHOOK_SECRET_MASK })),
    },
  };
};

/** Replaces masked secrets by the stored secret of the webhook with the same URL (kept as sent if none). */
export function unmaskWebhookSecrets(
  incoming: NotificationSettings | undefined,
  current: NotificationSettings | undefined,
): NotificationSettings | undefined {
  if (!incoming) return undefined;
  const stored = new Map((current?.webhooks ?? []).map((w) => [w.url, w.secret]));
  return {
    ...incoming,
    webhooks: incoming.webhooks.map((w) =>
      w.secret === WEBHOOK_SECRET_MASK ? { ...w, secret: stored.get(w.url) ?? w.secret } : w,
    ),
  };
}
