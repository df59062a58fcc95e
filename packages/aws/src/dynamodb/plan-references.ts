import { GroupInUseError, type RecoveryPlan, UnknownProtectionGroupError } from "@drso/core";
import { PARTITION, recordKey } from "./config-keys";
import type { ConfigRecords } from "./config-records";
import type { GuardedWrite } from "./dynamodb-transaction";

/**
 * Plan references: the `planRefs` set on a group item names the plans whose waves use the group.
 * A group is not deleted while the set is non-empty, and a plan cannot reference a missing group.
 */
export const groupIdsOf = (p: RecoveryPlan): Set<string> =>
  new Set(p.waves.flatMap((w) => w.protectionGroupIds));

/** Plan references on group items: added ones require the group to exist. */
export function planRefWrites(
  records: ConfigRecords,
  planId: string,
  before: Set<string>,
  after: Set<string>,
): GuardedWrite[] {
  return [...new Set([...before, ...after])].flatMap((groupId) =>
    refUpdate(
      records,
      groupId,
      after.has(groupId) && !before.has(groupId) ? [planId] : [],
      !after.has(groupId) && before.has(groupId) ? [planId] : [],
    ),
  );
}

export function refUpdate(
  records: ConfigRecords,
  groupId: string,
  added: readonly string[],
  removed: readonly string[],
): GuardedWrite[] {
  if (added.length === 0 && removed.length === 0) return [];
  // Callers pass either additions or removals (one update cannot ADD to and DELETE from a set).
  const actions = added.length > 0 ? ["ADD planRefs :add"] : ["DELETE planRefs :del"];
  return [
    {
      item: {
        Update: {
          TableName: records.tables.config,
          Key: recordKey(PARTITION.group, groupId),
          UpdateExpression: actions.join(" "),
          ConditionExpression: "attribute_exists(pk)",
          ExpressionAttributeValues:
            added.length > 0 ? { ":add": new Set(added) } : { ":del": new Set(removed) },
        },
      },
      explain: async () => unknownGroup(groupId),
    },
  ];
}

/** The refusal to delete a referenced group, naming the plans that use it. */
export async function groupInUse(
  records: ConfigRecords,
  groupId: string,
  planIds: Set<string>,
): Promise<Error> {
  const plans = await Promise.all(
    [...planIds].map(async (planId) => ({
      planId,
      planName: (await records.getDoc<RecoveryPlan>(PARTITION.plan, planId))?.planName ?? planId,
    })),
  );
  return new GroupInUseError(groupId, plans);
}

export const unknownGroup = (groupId: string) => new UnknownProtectionGroupError([groupId]);
