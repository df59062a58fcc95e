import { randomUUID } from "node:crypto";
import {
  type Actor,
  BOOKKEEPING_FIELDS,
  type ConfigStore,
  fieldChanges,
  NotFoundError,
  type Page,
  type PageRequest,
  RecoveryPlan,
  type RecoveryPlanInput,
  type RecoveryPlanUpdate,
  validatePlanWaves,
  type Wave,
} from "@drso/core";
import type { AppDeps } from "../app-deps";
import { auditEntry } from "../audit-entry";
import { assertNoServerInTwoWaves } from "./plan-server-overlap";

/** The plan's wave rules (`validatePlanWaves` in core), with the referenced groups looked up in the store. */
export async function validateWavesAgainstStore(store: ConfigStore, waves: readonly Wave[]): Promise<void> {
  const ids = [...new Set(waves.flatMap((w) => w.protectionGroupIds))];
  const existing = new Set<string>();
  for (const id of ids) if (await store.getProtectionGroup(id)) existing.add(id);
  validatePlanWaves(waves, (id) => existing.has(id));
}

export const listRecoveryPlans = (deps: AppDeps, page: PageRequest): Promise<Page<RecoveryPlan>> =>
  deps.store.listRecoveryPlans(page);

export async function getRecoveryPlan(deps: AppDeps, id: string): Promise<RecoveryPlan> {
  const plan = await deps.store.getRecoveryPlan(id);
  if (!plan) throw new NotFoundError("Recovery plan", id);
  return plan;
}

export async function createRecoveryPlan(
  deps: AppDeps,
  input: RecoveryPlanInput,
  actor: Actor,
): Promise<RecoveryPlan> {
  await validateWavesAgainstStore(deps.store, input.waves);
  await assertNoServerInTwoWaves(deps.store, deps.catalog, input.waves);
  const now = deps.now().toISOString();
  const plan = RecoveryPlan.parse({
    planId: randomUUID(),
    ...input,
    version: 1,
    createdDate: now,
    lastModifiedDate: now,
    createdBy: actor.username,
    lastModifiedBy: actor.username,
  });
  await deps.store.createRecoveryPlan(
    plan,
    auditEntry(
      actor.username,
      "CreateRecoveryPlan",
      "recovery-plan",
      plan.planId,
      { after: 1 },
      {
        planName: plan.planName,
      },
    ),
  );
  return plan;
}

/** Refused (409) while the plan has an active execution; keeps the plan's last execution. */
export async function updateRecoveryPlan(
  deps: AppDeps,
  id: string,
  { version, ...input }: RecoveryPlanUpdate,
  actor: Actor,
): Promise<RecoveryPlan> {
  const current = await deps.store.getRecoveryPlan(id);
  if (!current) throw new NotFoundError("Recovery plan", id);
  await deps.executionGuard?.assertPlanNotInActiveExecution(id);
  await validateWavesAgainstStore(deps.store, input.waves);
  await assertNoServerInTwoWaves(deps.store, deps.catalog, input.waves);
  const plan = RecoveryPlan.parse({
    ...input,
    planId: id,
    version: version + 1,
    createdDate: current.createdDate,
    createdBy: current.createdBy,
    lastModifiedDate: deps.now().toISOString(),
    lastModifiedBy: actor.username,
    ...(current.lastExecutionId ? { lastExecutionId: current.lastExecutionId } : {}),
    ...(current.lastExecutionStatus ? { lastExecutionStatus: current.lastExecutionStatus } : {}),
  });
  await deps.store.updateRecoveryPlan(
    plan,
    version,
    auditEntry(
      actor.username,
      "UpdateRecoveryPlan",
      "recovery-plan",
      id,
      { before: version, after: version + 1 },
      { changes: fieldChanges(current, plan, BOOKKEEPING_FIELDS) },
    ),
  );
  return plan;
}

/** Refused (409) while the plan has an active execution. */
export async function deleteRecoveryPlan(deps: AppDeps, id: string, actor: Actor): Promise<void> {
  const current = await deps.store.getRecoveryPlan(id);
  if (!current) throw new NotFoundError("Recovery plan", id);
  await deps.executionGuard?.assertPlanNotInActiveExecution(id);
  await deps.store.deleteRecoveryPlan(
    id,
    auditEntry(
      actor.username,
      "DeleteRecoveryPlan",
      "recovery-plan",
      id,
      { before: current.version },
      {
        planName: current.planName,
      },
    ),
  );
}
