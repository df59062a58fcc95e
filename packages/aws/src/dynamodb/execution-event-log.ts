import { type DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { StoredEvent } from "@drso/core";
import { unpackEvents } from "./execution-items";

/** Reads of an execution's `EVENTS#` items (`execution-items.ts`), oldest or newest first. */
export class ExecutionEventLog {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async events(executionId: string, afterSeq = 0): Promise<StoredEvent[]> {
    const out: StoredEvent[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const result = await this.client.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: "pk = :p AND begins_with(sk, :e)",
          ExpressionAttributeValues: { ":p": `EXEC#${executionId}`, ":e": "EVENTS#" },
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of result.Items ?? []) {
        const first = item.firstSeq as number;
        unpackEvents(item).forEach((event, i) => {
          if (first + i > afterSeq) out.push({ seq: first + i, event });
        });
      }
      start = result.LastEvaluatedKey;
    } while (start);
    return out;
  }

  async latestEvents(executionId: string, limit: number): Promise<StoredEvent[]> {
    // Event batches newest first, until they hold `limit` events.
    const batches: StoredEvent[][] = [];
    let count = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const result = await this.client.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: "pk = :p AND begins_with(sk, :e)",
          ExpressionAttributeValues: { ":p": `EXEC#${executionId}`, ":e": "EVENTS#" },
          ScanIndexForward: false,
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of result.Items ?? []) {
        const first = item.firstSeq as number;
        const batch = unpackEvents(item).map((event, i) => ({
          seq: first + i,
          event,
        }));
        batches.unshift(batch);
        count += batch.length;
        if (count >= limit) break;
      }
      start = count >= limit ? undefined : result.LastEvaluatedKey;
    } while (start);
    return batches.flat().slice(-limit);
  }

  /** Keys of the event items of one execution (one page), for deleting them with the execution. */
  async keys(executionId: string): Promise<Record<string, unknown>[]> {
    const eventKeys = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: "pk = :p AND begins_with(sk, :e)",
        ExpressionAttributeValues: { ":p": `EXEC#${executionId}`, ":e": "EVENTS#" },
        ProjectionExpression: "pk, sk",
      }),
    );
    return eventKeys.Items ?? [];
  }
}
