import type { RouteRegistration } from "../app-deps";
import { registerAccountRoutes } from "./accounts";
import { registerApiKeys } from "./api-keys";
import { registerAudit } from "./audit";
import { registerAuth } from "./auth";
import { registerConfigRoutes } from "./config";
import { registerDrsRoutes } from "./drs";
import { registerEc2Routes } from "./ec2";
import { registerExecutionRoutes } from "./executions";
import { registerHealth } from "./health";
import { registerMetrics } from "./metrics";
import { registerNotifications } from "./notifications";
import { registerProtectionGroups } from "./protection-groups";
import { registerRecoveryPlans } from "./recovery-plans";
import { registerUser } from "./user";

/**
 * Every route module of the API, registered in this order by `createApp`. A resource with one
 * route file is `routes/<resource>.ts`; one with several is a folder whose `index.ts` registers
 * them all. Each exports `register<Resource>(app, deps)`; append it here.
 */
export const routeRegistrations: RouteRegistration[] = [
  registerHealth,
  registerAuth,
  registerProtectionGroups,
  registerRecoveryPlans,
  registerAccountRoutes,
  registerConfigRoutes,
  registerUser,
  registerApiKeys,
  registerAudit,
  registerDrsRoutes,
  registerEc2Routes,
  registerExecutionRoutes,
  registerNotifications,
  registerMetrics,
];
