import type { App, AppDeps } from "../app-deps";
import { registerAccountsValidate } from "./accounts-validate";
import { registerConfigHealth } from "./config-health";
import { registerDrsAccounts } from "./drs-accounts";
import { registerDrsJobLogs } from "./drs-job-logs";
import { registerDrsQuotas } from "./drs-quotas";
import { registerDrsServiceLimits } from "./drs-service-limits";
import { registerDrsSourceServerTags } from "./drs-source-server-tags";
import { registerDrsSourceServers } from "./drs-source-servers";
import { registerEc2RecoveryInstances } from "./ec2-recovery-instances";
import { registerEc2Resources } from "./ec2-resources";
import { registerLaunchSettings } from "./launch-settings";
import { registerReplicationSettings } from "./replication-settings";

/** Every route backed by the AWS adapters: `/api/drs/*`, `/api/ec2/*`, target account validation, `/api/config/health`. */
export function registerAwsRoutes(app: App, deps: AppDeps): void {
  registerDrsSourceServers(app, deps);
  registerDrsQuotas(app, deps);
  registerDrsAccounts(app, deps);
  registerDrsJobLogs(app, deps);
  registerEc2Resources(app, deps);
  registerLaunchSettings(app, deps);
  registerReplicationSettings(app, deps);
  registerDrsSourceServerTags(app, deps);
  registerAccountsValidate(app, deps);
  registerDrsServiceLimits(app, deps);
  registerEc2RecoveryInstances(app, deps);
  registerConfigHealth(app, deps);
}
