import type { Actor } from "@drso/core";
import { CROSS_ACCOUNT_ROLE_NAME, DEMO_EXTERNAL_ID, DEMO_REGIONS, TARGET_ACCOUNT_ID } from "@drso/simulator";
import type { AppDeps } from "./app-deps";
import { createTargetAccount, validateTargetAccount } from "./services/accounts";

/** Who the audit names for what the first start sets up (as for the first admin user). */
const SYSTEM: Actor = { username: "system", roles: ["DRSOrchestrationAdmin"] };

/**
 * The simulator's demo fleet spans two accounts; the second is reached through its cross-account
 * role and ExternalId (`packages/simulator/src/demo-fleet.ts`). Registering and validating it on the
 * first start lets a new user see the whole fleet without setting up cross-account access first.
 * A simulator with another fleet (`DRSO_SIM_URL`) that refuses the demo role gets nothing registered.
 */
export async function registerDemoTargetAccount(deps: AppDeps): Promise<void> {
  const access = deps.accountAccess;
  if (!access || (await deps.store.getTargetAccount(TARGET_ACCOUNT_ID))) return;
  const account = {
    accountId: TARGET_ACCOUNT_ID,
    accountName: "Demo target account",
    roleArn: `arn:aws:iam::${TARGET_ACCOUNT_ID}:role/${CROSS_ACCOUNT_ROLE_NAME}`,
    externalId: DEMO_EXTERNAL_ID,
    regions: [...DEMO_REGIONS],
  };
  const probe = await access.validate({ ...account, region: DEMO_REGIONS[0] });
  if (!probe.ok) return;
  await createTargetAccount(deps, account, SYSTEM);
  await validateTargetAccount(deps, TARGET_ACCOUNT_ID, SYSTEM);
}
