import { AccountId, DRS_REGIONS, NotFoundError, Region, ValidationError } from "@drso/core";
import { z } from "@hono/zod-openapi";
import type { AppDeps } from "../app-deps";
import { ErrorEnvelope } from "../http/envelope";
import { listAllProtectionGroups } from "./list-all";

/** `?accountId&region` of the DRS and EC2 routes; both default (home account, settings' region). */
export const AccountRegionQuery = z.object({
  accountId: AccountId.optional().meta({ description: "12-digit account; default: the home account" }),
  region: Region.optional().meta({ description: "AWS region; default: the settings' defaultRegion" }),
});

/** What routes that call DRS/EC2/STS can also answer: the AWS failure, with its kind and message. */
export const UPSTREAM_ERROR_RESPONSES = {
  502: {
    description:
      "DRS, EC2 or STS refused or failed after retries (code AWS_<KIND>, e.g. AWS_ACCESS_DENIED when the role cannot be assumed)",
    content: { "application/json": { schema: ErrorEnvelope } },
  },
} as const;

/** An account the orchestrator can act in, with the regions it works in. */
export interface ReachableAccount {
  accountId: string;
  accountName: string;
  isHome: boolean;
  regions: string[];
  roleArn?: string;
  validated?: boolean;
  lastValidated?: string;
  validationMessage?: string;
}

/**
 * Home account first, then the target accounts. The home account works in the default region,
 * every region a target account uses, and every region its protection groups are in.
 */
export async function reachableAccounts(deps: AppDeps): Promise<ReachableAccount[]> {
  const [settings, targets, groups] = await Promise.all([
    deps.store.getSettings(),
    deps.store.listTargetAccounts(),
    listAllProtectionGroups(deps.store),
  ]);
  const homeGroupRegions = groups
    .filter((g) => g.accountId === deps.config.homeAccountId)
    .map((g) => g.region);
  const homeRegions = [
    ...new Set([settings.defaultRegion, ...targets.flatMap((t) => t.regions), ...homeGroupRegions]),
  ].sort();
  const others = targets
    .filter((t) => t.accountId !== deps.config.homeAccountId)
    .map(
      (t): ReachableAccount => ({
        accountId: t.accountId,
        accountName: t.accountName,
        isHome: false,
        regions: t.regions,
        roleArn: t.roleArn,
        validated: t.validated,
        lastValidated: t.lastValidated,
        validationMessage: t.validationMessage,
      }),
    );
  return [
    { accountId: deps.config.homeAccountId, accountName: "Home account", isHome: true, regions: homeRegions },
    ...others,
  ];
}

/** Resolve the query's defaults and refuse an account or region the orchestrator cannot reach. */
export async function resolveAccountRegion(
  deps: AppDeps,
  query: { accountId?: string; region?: string },
): Promise<{ accountId: string; region: string }> {
  const accountId = query.accountId ?? deps.config.homeAccountId;
  const region = query.region ?? (await deps.store.getSettings()).defaultRegion;
  if (accountId === deps.config.homeAccountId) {
    if (!(DRS_REGIONS as readonly string[]).includes(region)) {
      throw new ValidationError(`Region ${region} does not offer Elastic Disaster Recovery`, {
        field: "region",
      });
    }
    return { accountId, region };
  }
  const target = await deps.store.getTargetAccount(accountId);
  if (!target) throw new NotFoundError("Target account", accountId);
  if (!target.regions.includes(region)) {
    throw new ValidationError(
      `Target account ${accountId} is not configured for region ${region} (regions: ${target.regions.join(", ")})`,
      { field: "region" },
    );
  }
  return { accountId, region };
}
