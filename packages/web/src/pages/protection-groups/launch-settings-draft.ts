import type { LaunchSettings } from "@drso/core";
import type { ApiError } from "../../api/api-error";

/** The group editor's launch-settings defaults between keystrokes and the API. */

/** Drops unset fields and empty parts, so "nothing chosen" sends no `launchSettings` at all. */
export function compactLaunchSettings(s: LaunchSettings | undefined): LaunchSettings | undefined {
  const strip = <T extends object>(o: T | undefined): T | undefined => {
    if (!o) return undefined;
    const kept = Object.fromEntries(
      Object.entries(o).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)),
    );
    return Object.keys(kept).length > 0 ? (kept as T) : undefined;
  };
  const launchConfiguration = strip(s?.launchConfiguration);
  const launchTemplate = strip(s?.launchTemplate);
  if (!launchConfiguration && !launchTemplate) return undefined;
  return { ...(launchConfiguration && { launchConfiguration }), ...(launchTemplate && { launchTemplate }) };
}

/**
 * The 400s of a group write that concern its launch settings, keyed by field inside them: schema
 * errors arrive as paths (`launchSettings.launchTemplate.instanceType`), inventory checks as
 * INVALID_LAUNCH_SETTINGS with `details.field` (`launchTemplate.subnetId`).
 */
export function launchSettingsErrors(error: ApiError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(error.fieldErrors())) {
    if (path.startsWith("launchSettings.")) out[path.slice("launchSettings.".length)] = message;
  }
  const details = error.details as { field?: unknown } | undefined;
  if (error.code === "INVALID_LAUNCH_SETTINGS" && typeof details?.field === "string") {
    out[details.field] = error.message;
  }
  return out;
}
