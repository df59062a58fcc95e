import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
} from "@aws-sdk/lib-dynamodb";
import type { ExecutionFilter, ExecutionState, Page, PageRequest } from "@drso/core";
import { ACTIVE, execKey, type StateItem, unpackState } from "./execution-items";
import { decodeKeyToken, encodeKeyToken } from "./page-token";

/** Reads of the executions' `STATE` items (`execution-items.ts`): one, many, a page, the unfinished. */
export class ExecutionStates {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async item(executionId: string): Promise<StateItem | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.table, Key: execKey(executionId), ConsistentRead: true }),
    );
    return result.Item as StateItem | undefined;
  }

  async many(ids: readonly string[]): Promise<Map<string, ExecutionState>> {
    const out = new Map<string, ExecutionState>();
    for (let i = 0; i < ids.length; i += 100) {
      let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = {
        [this.table]: { Keys: ids.slice(i, i + 100).map(execKey) },
      };
      while (request && Object.keys(request).length > 0) {
        const result = await this.client.send(new BatchGetCommand({ RequestItems: request }));
        for (const item of result.Responses?.[this.table] ?? []) {
          const s = unpackState(item);
          out.set(s.executionId, s);
        }
        request = result.UnprocessedKeys as typeof request;
      }
    }
    return out;
  }

  async list(filter: ExecutionFilter, page: PageRequest): Promise<Page<ExecutionState>> {
    const items: ExecutionState[] = [];
    let start = decodeKeyToken(page.nextToken, ["pk", "sk"]);
    // Filters apply to the states, so keep reading list entries until the page is full.
    while (items.length < page.limit) {
      const result = await this.client.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: "pk = :p",
          ExpressionAttributeValues: { ":p": "EXECLIST" },
          ScanIndexForward: false,
          Limit: page.limit - items.length,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      const entries = result.Items ?? [];
      const states = await this.many(entries.map((e) => e.executionId as string));
      for (const e of entries) {
        const s = states.get(e.executionId as string);
        if (!s) continue;
        if (filter.status && s.status !== filter.status) continue;
        if (filter.planId && s.planId !== filter.planId) continue;
        items.push(s);
      }
      start = result.LastEvaluatedKey as Record<string, string> | undefined;
      if (!start) break;
    }
    return { items, ...(start ? { nextToken: encodeKeyToken(start) } : {}) };
  }

  async unfinished(): Promise<ExecutionState[]> {
    const out: ExecutionState[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const result = await this.client.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: "StatusIndex",
          KeyConditionExpression: "activeStatus = :a",
          ExpressionAttributeValues: { ":a": ACTIVE },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of result.Items ?? []) out.push(unpackState(item));
      start = result.LastEvaluatedKey;
    } while (start);
    return out;
  }
}
