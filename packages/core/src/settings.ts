import { z } from "zod";
import { AuditFields, Region } from "./common";
import { NotificationSettings } from "./notifications";
import { DrsQuotas } from "./quotas";

/** Product settings (a single record). Later issues add notification and tag-sync settings here. */
const SettingsFields = {
  quotas: DrsQuotas.default(DrsQuotas.parse({})),
  healthCheckTimeoutSeconds: z.int().min(30).max(86_400).default(600),
  defaultRegion: Region.default("us-east-1"),
  notifications: NotificationSettings.default(NotificationSettings.parse({})),
};
export const SettingsInput = z.strictObject(SettingsFields);
export const SettingsUpdate = z.strictObject({ ...SettingsFields, version: AuditFields.version });
export type SettingsUpdate = z.infer<typeof SettingsUpdate>;
export const Settings = z.object({ ...SettingsFields, ...AuditFields });
export type Settings = z.infer<typeof Settings>;
export const defaultSettingsValues = () => SettingsInput.parse({});
