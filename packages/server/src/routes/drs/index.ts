import type { App, AppDeps } from "../../app-deps";
import { registerDrsAccounts } from "./accounts";
import { registerDrsJobLogs } from "./job-logs";
import { registerLaunchSettings } from "./launch-settings";
import { registerDrsQuotas } from "./quotas";
import { registerReplicationSettings } from "./replication-settings";
import { registerDrsServiceLimits } from "./service-limits";
import { registerDrsSourceServerTags } from "./source-server-tags";
import { registerDrsSourceServers } from "./source-servers";
import { registerDrsTagSync } from "./tag-sync";

/** `/api/drs/*` (and `/api/ec2/launch-templates`, registered with the launch settings it lists). */
export function registerDrsRoutes(app: App, deps: AppDeps): void {
  registerDrsSourceServers(app, deps);
  registerDrsQuotas(app, deps);
  registerDrsAccounts(app, deps);
  registerDrsJobLogs(app, deps);
  registerLaunchSettings(app, deps);
  registerReplicationSettings(app, deps);
  registerDrsSourceServerTags(app, deps);
  registerDrsServiceLimits(app, deps);
  registerDrsTagSync(app, deps);
}
