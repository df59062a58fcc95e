import {
  type Actor,
  BOOKKEEPING_FIELDS,
  type ConfigBundle,
  DRS_REGIONS,
  fieldChanges,
  Settings,
  type SettingsUpdate,
  type TagSyncSettings,
  tagSyncSettingsOf,
  targetAccountFor,
  ValidationError,
  validatePlanWaves,
} from "@drso/core";
import type { AppDeps } from "../app-deps";
import { auditEntry } from "../audit-entry";
import { maskWebhookSecrets, unmaskWebhookSecrets } from "../notifications/webhook-secret-mask";
import { listAllProtectionGroups, listAllRecoveryPlans } from "./list-all";

/** Bookkeeping fields of the settings record: the audit entry has the versions and the time. */

/** The settings as the API shows them: webhook secrets masked. */
export const getSettings = async (deps: AppDeps) => maskWebhookSecrets(await deps.store.getSettings());

/** Replaces the settings; a masked webhook secret sent back keeps the stored one. */
export async function updateSettings(deps: AppDeps, { version, ...input }: SettingsUpdate, actor: Actor) {
  const current = await deps.store.getSettings();
  const settings = Settings.parse({
    tagSync: current.tagSync,
    ...input,
    notifications: unmaskWebhookSecrets(input.notifications, current.notifications) ?? current.notifications,
    version: version + 1,
    createdDate: current.createdDate,
    createdBy: current.createdBy,
    lastModifiedDate: deps.now().toISOString(),
    lastModifiedBy: actor.username,
  });
  await deps.store.updateSettings(
    settings,
    version,
    auditEntry(
      actor.username,
      "UpdateSettings",
      "settings",
      "settings",
      { before: version, after: version + 1 },
      { changes: fieldChanges(current, settings, BOOKKEEPING_FIELDS) },
      deps.now(),
    ),
  );
  return maskWebhookSecrets(settings);
}

export const drsRegions = () => ({ regions: [...DRS_REGIONS] });

/**
 * Every protection group, recovery plan and target account, as one bundle (`formatVersion` 1);
 * ExternalIds masked unless the caller may manage accounts.
 */
export async function exportConfiguration(deps: AppDeps, actor: Actor) {
  return {
    formatVersion: 1 as const,
    exportedAt: deps.now().toISOString(),
    protectionGroups: await listAllProtectionGroups(deps.store),
    recoveryPlans: await listAllRecoveryPlans(deps.store),
    targetAccounts: (await deps.store.listTargetAccounts()).map((a) => targetAccountFor(a, actor.roles)),
  };
}

/** Imports a bundle: all records or none (the store writes them in one transaction). */
export async function importConfiguration(deps: AppDeps, bundle: ConfigBundle, actor: Actor) {
  const { protectionGroups, recoveryPlans, targetAccounts } = bundle;
  await checkBundle({ protectionGroups, recoveryPlans, targetAccounts }, deps);
  await deps.store.importConfig(
    { protectionGroups, recoveryPlans, targetAccounts },
    auditEntry(
      actor.username,
      "ImportConfiguration",
      "configuration",
      "import",
      {},
      {
        protectionGroups: protectionGroups.length,
        recoveryPlans: recoveryPlans.length,
        targetAccounts: targetAccounts.length,
      },
    ),
  );
  return {
    protectionGroups: protectionGroups.length,
    recoveryPlans: recoveryPlans.length,
    targetAccounts: targetAccounts.length,
  };
}

/** Rules the store cannot see: ids unique in the bundle, plan waves valid against bundle + store. */
async function checkBundle(bundle: ConfigBundle, deps: AppDeps): Promise<void> {
  const duplicate = (ids: string[]) => ids.find((id, i) => ids.indexOf(id) !== i);
  const dupGroup = duplicate(bundle.protectionGroups.map((g) => g.groupId));
  const dupPlan = duplicate(bundle.recoveryPlans.map((p) => p.planId));
  const dupAccount = duplicate(bundle.targetAccounts.map((a) => a.accountId));
  const dup = dupGroup ?? dupPlan ?? dupAccount;
  if (dup) throw new ValidationError(`The bundle contains '${dup}' twice`, { id: dup }, "DUPLICATE_ID");
  for (const g of bundle.protectionGroups) {
    if ((g.serverIds === undefined) === (g.tagCriteria === undefined)) {
      throw new ValidationError(`Group '${g.groupName}': give exactly one of serverIds or tagCriteria`, {
        groupId: g.groupId,
      });
    }
  }
  const inBundle = new Set(bundle.protectionGroups.map((g) => g.groupId));
  const inStore = new Set((await listAllProtectionGroups(deps.store)).map((g) => g.groupId));
  for (const plan of bundle.recoveryPlans) {
    try {
      validatePlanWaves(plan.waves, (id) => inBundle.has(id) || inStore.has(id));
    } catch (e) {
      if (e instanceof ValidationError) {
        throw new ValidationError(
          `Plan '${plan.planName}': ${e.message}`,
          { planId: plan.planId, ...e.details },
          e.code,
        );
      }
      throw e;
    }
  }
}

export const getTagSyncSettings = async (deps: AppDeps) => tagSyncSettingsOf(await deps.store.getSettings());

/** Replaces the scheduled tag sync settings (a part of the settings record, versioned with it). */
export async function updateTagSyncSettings(deps: AppDeps, tagSync: TagSyncSettings, actor: Actor) {
  const current = await deps.store.getSettings();
  await deps.store.updateSettings(
    {
      ...current,
      tagSync,
      version: current.version + 1,
      lastModifiedDate: deps.now().toISOString(),
      lastModifiedBy: actor.username,
    },
    current.version,
    auditEntry(
      actor.username,
      "UpdateTagSyncSettings",
      "settings",
      "settings",
      { before: current.version, after: current.version + 1 },
      { changes: fieldChanges({ tagSync: tagSyncSettingsOf(current) }, { tagSync }) },
      deps.now(),
    ),
  );
  return tagSync;
}
