import {
  type Actor,
  BOOKKEEPING_FIELDS,
  DRS_REGIONS,
  fieldChanges,
  NotFoundError,
  TargetAccount,
  type TargetAccountInput,
  type TargetAccountPatch,
  type TargetAccountUpdate,
  targetAccountFor,
  ValidationError,
} from "@drso/core";
import type { AppDeps } from "../app-deps";
import { auditEntry } from "../audit-entry";
import { requireAdapter } from "../optional-adapters";
import { listAllProtectionGroups } from "./list-all";

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
export async function reachableAccounts(
  deps: Pick<AppDeps, "config" | "store">,
): Promise<ReachableAccount[]> {
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
  deps: Pick<AppDeps, "config" | "store">,
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

function decodeAccountCursor(token: string): string {
  const id = Buffer.from(token, "base64url").toString("utf8");
  if (!/^\d{12}$/.test(id))
    throw new ValidationError("nextToken is not a token this API returned", { field: "nextToken" });
  return id;
}

/** Few records per installation: the store returns them all, paged here by account id for the API shape. */
export async function listTargetAccounts(
  deps: AppDeps,
  query: { limit: number; nextToken?: string | undefined },
  viewer: Actor,
) {
  const { limit, nextToken } = query;
  const after = nextToken === undefined ? undefined : decodeAccountCursor(nextToken);
  const all = (await deps.store.listTargetAccounts()).sort((a, b) => a.accountId.localeCompare(b.accountId));
  const rest = after === undefined ? all : all.filter((a) => a.accountId > after);
  const items = rest.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items: items.map((a) => targetAccountFor(a, viewer.roles)),
    ...(rest.length > limit && last ? { nextToken: Buffer.from(last.accountId).toString("base64url") } : {}),
  };
}

/** One account as `viewer` may see it (ExternalId masked without ManageAccounts). */
export async function getTargetAccount(deps: AppDeps, id: string, viewer: Actor): Promise<TargetAccount> {
  const account = await deps.store.getTargetAccount(id);
  if (!account) throw new NotFoundError("Target account", id);
  return targetAccountFor(account, viewer.roles);
}

export async function createTargetAccount(
  deps: AppDeps,
  input: TargetAccountInput,
  actor: Actor,
): Promise<TargetAccount> {
  const now = deps.now().toISOString();
  const account = TargetAccount.parse({
    ...input,
    validated: false,
    version: 1,
    createdDate: now,
    lastModifiedDate: now,
    createdBy: actor.username,
    lastModifiedBy: actor.username,
  });
  await deps.store.createTargetAccount(
    account,
    auditEntry(actor.username, "CreateTargetAccount", "target-account", account.accountId, { after: 1 }),
  );
  return account;
}

type AccountFields = Omit<TargetAccountUpdate, "version">;

/** PUT and PATCH: store `input` over `existing` at `version` + 1, audited with the fields that changed. */
async function saveTargetAccount(
  deps: AppDeps,
  existing: TargetAccount,
  input: AccountFields,
  version: number,
  actor: Actor,
  action: "UpdateTargetAccount" | "PatchTargetAccount",
): Promise<TargetAccount> {
  // A changed role or external id has not been proven yet.
  const accessChanged = existing.roleArn !== input.roleArn || existing.externalId !== input.externalId;
  const account = TargetAccount.parse({
    ...input,
    accountId: existing.accountId,
    validated: accessChanged ? false : existing.validated,
    ...(!accessChanged && existing.lastValidated ? { lastValidated: existing.lastValidated } : {}),
    ...(!accessChanged && existing.validationMessage
      ? { validationMessage: existing.validationMessage }
      : {}),
    version: version + 1,
    createdDate: existing.createdDate,
    createdBy: existing.createdBy,
    lastModifiedDate: deps.now().toISOString(),
    lastModifiedBy: actor.username,
  });
  await deps.store.updateTargetAccount(
    account,
    version,
    auditEntry(
      actor.username,
      action,
      "target-account",
      existing.accountId,
      { before: version, after: version + 1 },
      { changes: fieldChanges(existing, account, BOOKKEEPING_FIELDS) },
      deps.now(),
    ),
  );
  return account;
}

async function existingAccount(deps: AppDeps, id: string): Promise<TargetAccount> {
  const existing = await deps.store.getTargetAccount(id);
  if (!existing) throw new NotFoundError("Target account", id);
  return existing;
}

/** PUT: replace every field (an ExternalId left out is removed). */
export async function updateTargetAccount(
  deps: AppDeps,
  id: string,
  { version, ...input }: TargetAccountUpdate,
  actor: Actor,
): Promise<TargetAccount> {
  return saveTargetAccount(
    deps,
    await existingAccount(deps, id),
    input,
    version,
    actor,
    "UpdateTargetAccount",
  );
}

/** PATCH: change only the fields sent; the others keep their stored values. */
export async function patchTargetAccount(
  deps: AppDeps,
  id: string,
  { version, ...patch }: TargetAccountPatch,
  actor: Actor,
): Promise<TargetAccount> {
  const existing = await existingAccount(deps, id);
  const input: AccountFields = {
    accountName: patch.accountName ?? existing.accountName,
    roleArn: patch.roleArn ?? existing.roleArn,
    regions: patch.regions ?? existing.regions,
    ...((patch.externalId ?? existing.externalId) !== undefined
      ? { externalId: patch.externalId ?? existing.externalId }
      : {}),
  };
  return saveTargetAccount(deps, existing, input, version, actor, "PatchTargetAccount");
}

export async function deleteTargetAccount(deps: AppDeps, id: string, actor: Actor): Promise<void> {
  const existing = await deps.store.getTargetAccount(id);
  if (!existing) throw new NotFoundError("Target account", id);
  await deps.store.deleteTargetAccount(
    id,
    auditEntry(actor.username, "DeleteTargetAccount", "target-account", id, { before: existing.version }),
  );
}

/** The account the orchestrator runs in. */
export async function currentAccount(deps: AppDeps) {
  const settings = await deps.store.getSettings();
  return {
    accountId: deps.config.homeAccountId,
    mode: deps.config.mode,
    defaultRegion: settings.defaultRegion,
  };
}

/**
 * Proves cross-account access (STS AssumeRole with the ExternalId) and stores the outcome on the
 * account; a failed validation is an outcome, not an error.
 */
export async function validateTargetAccount(deps: AppDeps, id: string, actor: Actor) {
  const validator = requireAdapter(deps, "accountAccess");
  const account = await deps.store.getTargetAccount(id);
  if (!account) throw new NotFoundError("Target account", id);
  const region = account.regions[0] ?? (await deps.store.getSettings()).defaultRegion;
  const result = await validator.validate({
    accountId: account.accountId,
    roleArn: account.roleArn,
    externalId: account.externalId,
    region,
  });
  // Validating records an outcome, it is not an edit: the version (and the last edit) stay, so a
  // client holding the account can still save its edit afterwards.
  const updated: TargetAccount = {
    ...account,
    validated: result.ok,
    lastValidated: deps.now().toISOString(),
    validationMessage: result.message,
  };
  await deps.store.updateTargetAccount(
    updated,
    account.version,
    auditEntry(
      actor.username,
      "ValidateTargetAccount",
      "target-account",
      id,
      { before: account.version, after: account.version },
      { valid: result.ok, message: result.message },
      deps.now(),
    ),
  );
  return {
    valid: result.ok,
    message: result.message,
    assumedRoleArn: result.assumedRoleArn,
    account: updated,
  };
}
