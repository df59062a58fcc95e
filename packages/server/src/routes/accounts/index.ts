import type { App, AppDeps } from "../../app-deps";
import { registerTargetAccounts } from "./targets";
import { registerAccountsValidate } from "./validate";

export { registerTargetAccounts } from "./targets";
export { registerAccountsValidate } from "./validate";

/** `/api/accounts/*`: target accounts and the home account, and the STS validation of a target account. */
export function registerAccountRoutes(app: App, deps: AppDeps): void {
  registerTargetAccounts(app, deps);
  registerAccountsValidate(app, deps);
}
