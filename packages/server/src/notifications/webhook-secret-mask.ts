import { createHash, randomUUID } from "node:crypto";
import {
  type NotificationSettings,
  notificationSettingsOf,
  type Settings,
  tagSyncSettingsOf,
  ValidationError,
} from "@drso/core";

/**
 * What `GET /api/config/settings` shows instead of a webhook secret: readers of the settings must
 * not be able to forge signed deliveries. A PUT that sends the mask back keeps the stored secret of
 * the webhook with the same id (its URL may change).
 */
export const WEBHOOK_SECRET_MASK = "****************";

/**
 * Webhooks saved before they had ids get one derived from position and URL: the same on every
 * read until the next settings PUT stores real ids.
 */
const withIds = (notifications: NotificationSettings): NotificationSettings => ({
  ...notifications,
  webhooks: notifications.webhooks.map((w, i) =>
    w.id ? w : { ...w, id: `wh-${createHash("sha256").update(`${i} ${w.url}`).digest("hex").slice(0, 16)}` },
  ),
});

export const maskWebhookSecrets = (settings: Settings): Settings => {
  const notifications = withIds(notificationSettingsOf(settings));
  return {
    ...settings,
    tagSync: tagSyncSettingsOf(settings),
    notifications: {
      ...notifications,
      webhooks: notifications.webhooks.map((w) => ({ ...w, secret: WEBHOOK_SECRET_MASK })),
    },
  };
};

/**
 * The webhooks a settings PUT stores: each keeps its id (a new one gets one); a masked secret is
 * replaced by the stored secret of the webhook with that id — or, for a client that sends no id, of
 * the only stored webhook with the same URL. A mask that matches no stored secret is refused: it
 * would otherwise become the signing secret.
 */
export function unmaskWebhookSecrets(
  incoming: NotificationSettings | undefined,
  current: NotificationSettings | undefined,
  newId: () => string = randomUUID,
): NotificationSettings | undefined {
  if (!incoming) return undefined;
  const stored = withIds(notificationSettingsOf({ ...(current ? { notifications: current } : {}) })).webhooks;
  const webhooks = incoming.webhooks.map((hook, i) => {
    if (hook.secret !== WEBHOOK_SECRET_MASK) return { ...hook, id: hook.id ?? newId() };
    const sameUrl = stored.filter((s) => s.url === hook.url);
    const match =
      hook.id !== undefined
        ? stored.find((s) => s.id === hook.id)
        : sameUrl.length === 1
          ? sameUrl[0]
          : undefined;
    if (!match) {
      const field = `notifications.webhooks.${i}.secret`;
      throw new ValidationError(
        `${field}: the secret mask matches no stored webhook (send its id as read, or a new secret)`,
        { field },
      );
    }
    return { ...hook, id: match.id, secret: match.secret };
  });
  const ids = webhooks.map((w) => w.id);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate !== undefined) {
    throw new ValidationError(`notifications.webhooks: two webhooks with id '${duplicate}'`, {
      field: "notifications.webhooks",
    });
  }
  return { ...incoming, webhooks };
}
