import { z } from "zod";
import { Name, nameKey } from "./common";
import { isDomainError } from "./errors";
import { validatePlanWaves } from "./plan-validation";
import { type ProtectionGroup, ProtectionGroupInput } from "./protection-group";
import { MAX_WAVES, type RecoveryPlan, RecoveryPlanInput, Wave } from "./recovery-plan";

/**
 * Plans as code: one document declares protection groups and recovery plans by name, so it can
 * live in version control and be applied idempotently (`drso apply`). Built from the resource
 * schemas so the API and the file format cannot drift apart; the only difference is that waves
 * refer to groups by name (ids differ between installations).
 */
export const PLAN_DOCUMENT_API_VERSION = "drso/v1";
export const MAX_DOCUMENT_RESOURCES = 1000;

export const DocumentProtectionGroup = ProtectionGroupInput;
export type DocumentProtectionGroup = z.infer<typeof DocumentProtectionGroup>;

export const DocumentWave = Wave.omit({ protectionGroupIds: true }).extend({
  protectionGroups: z
    .array(Name)
    .min(1, "a wave needs at least one protection group")
    .max(100)
    .meta({ description: "Names of protection groups declared in the same document" }),
});
export type DocumentWave = z.infer<typeof DocumentWave>;

export const DocumentRecoveryPlan = RecoveryPlanInput.extend({
  waves: z.array(DocumentWave).min(1, "a plan needs at least one wave").max(MAX_WAVES),
});
export type DocumentRecoveryPlan = z.infer<typeof DocumentRecoveryPlan>;

/** Rules that span resources: unique names, known group references, wave dependencies. */
const documentRules = (
  doc: { protectionGroups: DocumentProtectionGroup[]; recoveryPlans: DocumentRecoveryPlan[] },
  ctx: z.RefinementCtx,
) => {
  const uniqueNames = (kind: "protectionGroups" | "recoveryPlans", names: string[]) => {
    const seen = new Map<string, number>();
    names.forEach((name, i) => {
      const first = seen.get(nameKey(name));
      if (first === undefined) seen.set(nameKey(name), i);
      else
        ctx.addIssue({
          code: "custom",
          path: [kind, i, kind === "protectionGroups" ? "groupName" : "planName"],
          message: `duplicate name '${name}' (names are case-insensitive; first declared at ${kind}[${first}])`,
        });
    });
  };
  uniqueNames(
    "protectionGroups",
    doc.protectionGroups.map((g) => g.groupName),
  );
  uniqueNames(
    "recoveryPlans",
    doc.recoveryPlans.map((p) => p.planName),
  );

  const declared = new Set(doc.protectionGroups.map((g) => nameKey(g.groupName)));
  doc.recoveryPlans.forEach((plan, p) => {
    plan.waves.forEach((wave, w) => {
      wave.protectionGroups.forEach((ref, r) => {
        if (!declared.has(nameKey(ref)))
          ctx.addIssue({
            code: "custom",
            path: ["recoveryPlans", p, "waves", w, "protectionGroups", r],
            message: `unknown protection group '${ref}': declare it under protectionGroups`,
          });
      });
    });
    try {
      // Group references were checked above by name; here only the wave structure matters.
      validatePlanWaves(
        plan.waves.map((w) => ({ ...w, protectionGroupIds: [] })),
        () => true,
      );
    } catch (e) {
      if (!isDomainError(e)) throw e;
      const details = (e.details ?? {}) as { wave?: number; waves?: number[]; cycle?: number[] };
      const waveNumber = details.wave ?? details.waves?.[0] ?? details.cycle?.[0];
      const index = plan.waves.findIndex((w) => w.waveNumber === waveNumber);
      ctx.addIssue({
        code: "custom",
        path: ["recoveryPlans", p, "waves", ...(index >= 0 ? [index] : [])],
        message: e.message,
      });
    }
  });
};

export const PlanDocument = z
  .strictObject({
    apiVersion: z.literal(PLAN_DOCUMENT_API_VERSION),
    protectionGroups: z.array(DocumentProtectionGroup).max(MAX_DOCUMENT_RESOURCES).default([]),
    recoveryPlans: z.array(DocumentRecoveryPlan).max(MAX_DOCUMENT_RESOURCES).default([]),
  })
  .superRefine(documentRules)
  .meta({
    title: "DRS Orchestrator plan document",
    description: "Protection groups and recovery plans declared by name, applied with `drso apply -f`.",
  });
export type PlanDocument = z.infer<typeof PlanDocument>;

/** JSON Schema of the file format (what editors and CI linters validate against). */
export const planDocumentJsonSchema = (): Record<string, unknown> =>
  z.toJSONSchema(PlanDocument, { io: "input", target: "draft-2020-12" }) as Record<string, unknown>;

/** Server records → document, mapping wave group ids to names. Unknown ids stay as they are. */
export function documentFromRecords(
  groups: readonly ProtectionGroup[],
  plans: readonly RecoveryPlan[],
): PlanDocument {
  const nameById = new Map(groups.map((g) => [g.groupId, g.groupName]));
  const byName =
    <T>(key: (t: T) => string) =>
    (a: T, b: T) =>
      nameKey(key(a)).localeCompare(nameKey(key(b)));
  return {
    apiVersion: PLAN_DOCUMENT_API_VERSION,
    protectionGroups: [...groups].sort(byName((g) => g.groupName)).map((g) => ({
      groupName: g.groupName,
      ...(g.description ? { description: g.description } : {}),
      accountId: g.accountId,
      region: g.region,
      ...(g.serverIds ? { serverIds: [...g.serverIds] } : {}),
      ...(g.tagCriteria ? { tagCriteria: { ...g.tagCriteria } } : {}),
    })),
    recoveryPlans: [...plans].sort(byName((p) => p.planName)).map((p) => ({
      planName: p.planName,
      ...(p.description ? { description: p.description } : {}),
      ...(p.rtoTargetMinutes !== undefined ? { rtoTargetMinutes: p.rtoTargetMinutes } : {}),
      waves: [...p.waves]
        .sort((a, b) => a.waveNumber - b.waveNumber)
        .map(({ protectionGroupIds, ...wave }) => ({
          ...wave,
          protectionGroups: protectionGroupIds.map((id) => nameById.get(id) ?? id),
        })),
    })),
  };
}

/** Document plan → API input, given how names resolve to ids (undefined: unknown name). */
export function recoveryPlanInputFromDocument(
  plan: DocumentRecoveryPlan,
  groupIdOf: (groupName: string) => string | undefined,
): RecoveryPlanInput {
  return {
    ...plan,
    waves: plan.waves.map(({ protectionGroups, ...wave }) => ({
      ...wave,
      protectionGroupIds: protectionGroups.map((name) => {
        const id = groupIdOf(name);
        if (id === undefined) throw new Error(`unknown protection group '${name}'`);
        return id;
      }),
    })),
  };
}

// ---- diff ----------------------------------------------------------------------------------

export type PlanChangeAction = "create" | "update" | "delete";
export type ResourceChange<K extends string, T> =
  | { action: "create"; kind: K; name: string; desired: T }
  | { action: "update"; kind: K; name: string; desired: T; current: T; fields: string[] }
  | { action: "delete"; kind: K; name: string; current: T };
export type PlanChange =
  | ResourceChange<"protectionGroup", DocumentProtectionGroup>
  | ResourceChange<"recoveryPlan", DocumentRecoveryPlan>;

/** The document-level view of what is installed, with parsed defaults (as `documentFromRecords`). */
export interface PlanDocumentState {
  protectionGroups: readonly DocumentProtectionGroup[];
  recoveryPlans: readonly DocumentRecoveryPlan[];
}

const sortedObject = (m: Record<string, string>) =>
  Object.fromEntries(Object.entries(m).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/**
 * Canonical field values: order-insensitive lists (server ids, group references), empty and
 * missing descriptions alike, wave defaults applied, and group references compared by name key
 * because a plan refers to a group, not to the spelling of its name.
 */
const groupFields = (g: DocumentProtectionGroup): Record<string, unknown> => ({
  groupName: g.groupName,
  description: g.description || undefined,
  accountId: g.accountId,
  region: g.region,
  serverIds: g.serverIds ? [...g.serverIds].sort() : undefined,
  tagCriteria: g.tagCriteria ? sortedObject(g.tagCriteria) : undefined,
});

const planFields = (p: DocumentRecoveryPlan): Record<string, unknown> => ({
  planName: p.planName,
  description: p.description || undefined,
  rtoTargetMinutes: p.rtoTargetMinutes,
  waves: [...p.waves]
    .sort((a, b) => a.waveNumber - b.waveNumber)
    .map((w) => ({
      waveNumber: w.waveNumber,
      waveName: w.waveName,
      protectionGroups: [...new Set(w.protectionGroups.map(nameKey))].sort(),
      dependsOnWaves: w.dependsOnWaves ? [...new Set(w.dependsOnWaves)].sort((a, b) => a - b) : undefined,
      pauseBeforeWave: w.pauseBeforeWave ?? false,
      waitTimeSeconds: w.waitTimeSeconds,
      onFailure: w.onFailure ?? "STOP",
      maxWaveMinutes: w.maxWaveMinutes,
    })),
});

/** JSON.stringify drops undefined members, so an absent field and an undefined one compare equal. */
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function diffKind<K extends "protectionGroup" | "recoveryPlan", T>(
  kind: K,
  desired: readonly T[],
  current: readonly T[],
  nameOf: (t: T) => string,
  fieldsOf: (t: T) => Record<string, unknown>,
  prune: boolean,
): ResourceChange<K, T>[] {
  const currentByKey = new Map(current.map((c) => [nameKey(nameOf(c)), c]));
  const desiredKeys = new Set(desired.map((d) => nameKey(nameOf(d))));
  const changes: ResourceChange<K, T>[] = [];
  for (const d of desired) {
    const c = currentByKey.get(nameKey(nameOf(d)));
    if (c === undefined) {
      changes.push({ action: "create", kind, name: nameOf(d), desired: d });
      continue;
    }
    const want = fieldsOf(d);
    const have = fieldsOf(c);
    const fields = Object.keys(want).filter((f) => !same(want[f], have[f]));
    if (fields.length > 0)
      changes.push({ action: "update", kind, name: nameOf(d), desired: d, current: c, fields });
  }
  if (prune) {
    for (const c of current) {
      if (!desiredKeys.has(nameKey(nameOf(c))))
        changes.push({ action: "delete", kind, name: nameOf(c), current: c });
    }
  }
  return changes;
}

/**
 * What `apply` must do to make `current` match `desired`, matching resources by name
 * (case-insensitively). Only `prune` deletes what the document does not declare. Updates appear
 * only when a field differs, so applying the same document twice yields no changes the second time.
 *
 * Order is the order to apply in: group updates before creates (a server moved out of an existing
 * group can then join a new one), groups before the plans that reference them, plan deletes
 * before the group deletes they unblock.
 */
export function planChanges(
  desired: PlanDocumentState,
  current: PlanDocumentState,
  options: { prune?: boolean } = {},
): PlanChange[] {
  const prune = options.prune ?? false;
  const groups = diffKind(
    "protectionGroup",
    desired.protectionGroups,
    current.protectionGroups,
    (g) => g.groupName,
    groupFields,
    prune,
  );
  const plans = diffKind(
    "recoveryPlan",
    desired.recoveryPlans,
    current.recoveryPlans,
    (p) => p.planName,
    planFields,
    prune,
  );
  const of = <C extends PlanChange>(list: C[], action: PlanChangeAction) =>
    list.filter((c) => c.action === action);
  return [
    ...of(groups, "update"),
    ...of(groups, "create"),
    ...of(plans, "update"),
    ...of(plans, "create"),
    ...of(plans, "delete"),
    ...of(groups, "delete"),
  ];
}
