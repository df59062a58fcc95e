import type { App, AppDeps } from "../../app-deps";
import { registerConfigHealth } from "./health";
import { registerConfiguration } from "./settings";
import { registerTagSyncSettings } from "./tag-sync";

/** `/api/config/*`: settings, regions, export/import, the health report, scheduled tag sync settings. */
export function registerConfigRoutes(app: App, deps: AppDeps): void {
  registerConfiguration(app, deps);
  registerConfigHealth(app, deps);
  registerTagSyncSettings(app, deps);
}
