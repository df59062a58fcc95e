import type { RouteRegistration } from "../app-deps";
import { registerAudit } from "./audit";
import { registerAuth } from "./auth";
import { registerConfiguration } from "./configuration";
import { registerAwsRoutes } from "./drs-aws-routes";
import { registerDrsTagSync } from "./drs-tag-sync";
import { registerExecutionRoutes } from "./executions-routes";
import { registerHealth } from "./health";
import { registerNotifications } from "./notifications";
import { registerProtectionGroups } from "./protection-groups";
import { registerRecoveryPlans } from "./recovery-plans";
import { registerTargetAccounts } from "./target-accounts";
import { registerUser } from "./user";

/**
 * Every route module of the API, registered in this order by `createApp`. To add a module, write
 * `src/routes/<resource>.ts` exporting `register<Resource>(app, deps)` and append it here.
 */
export const routeRegistrations: RouteRegistration[] = [
  registerHealth,
  registerAuth,
  registerProtectionGroups,
  registerRecoveryPlans,
  registerTargetAccounts,
  registerConfiguration,
  registerUser,
  registerAudit,
  registerAwsRoutes,
  registerExecutionRoutes,
  registerNotifications,
  registerDrsTagSync,
];
