import { z } from "zod";
import { AuditFields, Region } from "./common";
import { NotificationSettings, NotificationSettingsUpdate } from "./notifications";
import { DrsQuotas } from "./quotas";
import { TagSyncSettings } from "./tag-sync";

/** Product settings (a single record), including notification and tag-sync settings. */
const SettingsFields = {
  quotas: DrsQuotas.default(DrsQuotas.parse({})),
  healthCheckTimeoutSeconds: z.int().min(30).max(86_400).default(600),
  defaultRegion: Region.default("us-east-1"),
  notifications: NotificationSettings.default(NotificationSettings.parse({})),
  tagSync: TagSyncSettings.default(TagSyncSettings.parse({})),
};
export const SettingsInput = z.strictObject(SettingsFields);
/** A PUT that omits `notifications` or `tagSync` keeps their current values (clients that predate them). */
export const SettingsUpdate = z.strictObject({
  ...SettingsFields,
  notifications: NotificationSettingsUpdate.optional(),
  tagSync: TagSyncSettings.optional(),
  version: AuditFields.version,
});
export type SettingsUpdate = z.infer<typeof SettingsUpdate>;
export const Settings = z.object({ ...SettingsFields, ...AuditFields });
export type Settings = z.infer<typeof Settings>;
export const defaultSettingsValues = () => SettingsInput.parse({});

/**
 * The notification and tag-sync parts of stored settings, defaults filled in: settings written
 * before these fields existed are stored without them.
 */
export const notificationSettingsOf = (settings: Partial<Settings>): NotificationSettings =>
  NotificationSettings.parse(settings.notifications ?? {});
export const tagSyncSettingsOf = (settings: Partial<Settings>): TagSyncSettings =>
  TagSyncSettings.parse(settings.tagSync ?? {});
