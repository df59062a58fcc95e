import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { DuplicateNameError } from "@drso/core";
import { nameKey, recordKey } from "./config-keys";
import type { ConfigRecords } from "./config-records";
import type { GuardedWrite } from "./dynamodb-transaction";

/**
 * Unique names of groups and plans: one item per lower-cased name (`NAME#PG` / `NAME#PLAN`),
 * owned by the record that bears it, put and deleted in the transaction that renames the record.
 */
export function nameWrites(
  records: ConfigRecords,
  partition: string,
  before: string | undefined,
  after: string | undefined,
  ownerId: string,
  kind: string,
): GuardedWrite[] {
  if (before !== undefined && after !== undefined && nameKey(before) === nameKey(after)) return [];
  const writes: GuardedWrite[] = [];
  if (after !== undefined) {
    writes.push({
      item: {
        Put: {
          TableName: records.tables.config,
          Item: { ...recordKey(partition, nameKey(after)), ownerId, name: after.trim() },
          ConditionExpression: "attribute_not_exists(pk)",
        },
      },
      explain: () => duplicateName(records, partition, after, kind),
    });
  }
  if (before !== undefined) {
    writes.push({
      item: {
        Delete: {
          TableName: records.tables.config,
          Key: recordKey(partition, nameKey(before)),
          ConditionExpression: "ownerId = :owner",
          ExpressionAttributeValues: { ":owner": ownerId },
        },
      },
    });
  }
  return writes;
}

/** The refusal of a taken name, naming the record that holds it. */
export async function duplicateName(
  records: ConfigRecords,
  partition: string,
  name: string,
  kind: string,
): Promise<Error> {
  const holder = await records.client.send(
    new GetCommand({
      TableName: records.tables.config,
      Key: recordKey(partition, nameKey(name)),
      ConsistentRead: true,
    }),
  );
  return new DuplicateNameError(kind, name, holder.Item?.ownerId as string | undefined);
}
