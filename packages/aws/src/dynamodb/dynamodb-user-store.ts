import { type DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import {
  type ApiKeyRecord,
  type AuditEntry,
  ConflictError,
  NotFoundError,
  type UserRecord,
  type UserStore,
} from "@drso/core";
import { auditWrite } from "./audit-item";
import { PARTITION, recordKey } from "./config-keys";
import { TransactionRaced, transactWrite, withRaceRetry } from "./dynamodb-transaction";
import type { TableNames } from "./table-schema";

/**
 * Users and API keys on DynamoDB (used when Cognito is not the identity provider, e.g. API keys
 * for automation); each write and its audit entry go in one transaction.
 */
export class DynamoDbUserStore implements UserStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: Pick<TableNames, "config" | "audit">,
  ) {}

  async getUser(username: string): Promise<UserRecord | undefined> {
    return this.get<UserRecord>(PARTITION.user, username);
  }

  listUsers(): Promise<UserRecord[]> {
    return this.all<UserRecord>(PARTITION.user);
  }

  createUser(user: UserRecord, audit: AuditEntry): Promise<void> {
    return withRaceRetry(() =>
      transactWrite(this.client, [
        {
          item: {
            Put: {
              TableName: this.tables.config,
              Item: { ...recordKey(PARTITION.user, user.username), doc: JSON.stringify(user), version: 1 },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
          explain: async () =>
            new ConflictError("DUPLICATE_USER", `User '${user.username}' already exists`, {
              username: user.username,
            }),
        },
        this.auditWrite(audit),
      ]),
    );
  }

  deleteUser(username: string, audit: AuditEntry): Promise<void> {
    return withRaceRetry(() =>
      transactWrite(this.client, [
        {
          item: {
            Delete: {
              TableName: this.tables.config,
              Key: recordKey(PARTITION.user, username),
              ConditionExpression: "attribute_exists(pk)",
            },
          },
          explain: async () => new NotFoundError("User", username),
        },
        this.auditWrite(audit),
      ]),
    );
  }

  updateUser(
    username: string,
    change: (current: UserRecord) => UserRecord,
    audit: AuditEntry | undefined,
  ): Promise<UserRecord> {
    return withRaceRetry(async () => {
      const key = recordKey(PARTITION.user, username);
      const result = await this.client.send(
        new GetCommand({ TableName: this.tables.config, Key: key, ConsistentRead: true }),
      );
      if (!result.Item) throw new NotFoundError("User", username);
      const version = Number(result.Item.version ?? 1);
      const next = { ...change(JSON.parse(result.Item.doc as string) as UserRecord), username };
      await transactWrite(this.client, [
        {
          item: {
            Put: {
              TableName: this.tables.config,
              Item: { ...key, doc: JSON.stringify(next), version: version + 1 },
              // Optimistic: another update since the read makes this attempt run again.
              ConditionExpression: "attribute_exists(pk) AND version = :v",
              ExpressionAttributeValues: { ":v": version },
            },
          },
          explain: async () =>
            (await this.getUser(username))
              ? new TransactionRaced(`User '${username}' changed meanwhile`)
              : new NotFoundError("User", username),
        },
        ...(audit ? [this.auditWrite(audit)] : []),
      ]);
      return next;
    });
  }

  async getApiKey(keyId: string): Promise<ApiKeyRecord | undefined> {
    const result = await this.client.send(
      new GetCommand({
        TableName: this.tables.config,
        Key: recordKey(PARTITION.apiKey, keyId),
        ConsistentRead: true,
      }),
    );
    return result.Item ? apiKeyOf(result.Item) : undefined;
  }

  async listApiKeys(): Promise<ApiKeyRecord[]> {
    return (await this.items(PARTITION.apiKey)).map(apiKeyOf);
  }

  deleteApiKey(keyId: string, audit: AuditEntry): Promise<void> {
    return withRaceRetry(() =>
      transactWrite(this.client, [
        {
          item: {
            Delete: {
              TableName: this.tables.config,
              Key: recordKey(PARTITION.apiKey, keyId),
              ConditionExpression: "attribute_exists(pk)",
            },
          },
          explain: async () => new NotFoundError("API key", keyId),
        },
        this.auditWrite(audit),
      ]),
    );
  }

  async touchApiKey(keyId: string, lastUsedAt: string): Promise<void> {
    // An attribute of its own beside `doc`: no read-modify-write on the request path.
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tables.config,
          Key: recordKey(PARTITION.apiKey, keyId),
          UpdateExpression: "SET lastUsedAt = :t",
          ConditionExpression: "attribute_exists(pk)",
          ExpressionAttributeValues: { ":t": lastUsedAt },
        }),
      );
    } catch (error) {
      if ((error as { name?: string }).name !== "ConditionalCheckFailedException") throw error;
    }
  }

  createApiKey(key: ApiKeyRecord, audit: AuditEntry): Promise<void> {
    return withRaceRetry(() =>
      transactWrite(this.client, [
        {
          item: {
            Put: {
              TableName: this.tables.config,
              Item: { ...recordKey(PARTITION.apiKey, key.keyId), doc: JSON.stringify(key), version: 1 },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
          explain: async () =>
            new ConflictError("DUPLICATE_ID", `API key '${key.keyId}' already exists`, { id: key.keyId }),
        },
        this.auditWrite(audit),
      ]),
    );
  }

  private async get<T>(partition: string, id: string): Promise<T | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tables.config, Key: recordKey(partition, id), ConsistentRead: true }),
    );
    return result.Item ? (JSON.parse(result.Item.doc as string) as T) : undefined;
  }

  private async all<T>(partition: string): Promise<T[]> {
    return (await this.items(partition)).map((i) => JSON.parse(i.doc as string) as T);
  }

  private async items(partition: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tables.config,
          KeyConditionExpression: "pk = :p",
          ExpressionAttributeValues: { ":p": partition },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }

  private auditWrite(entry: AuditEntry) {
    return auditWrite(this.tables.audit, entry);
  }
}

const apiKeyOf = (item: Record<string, unknown>): ApiKeyRecord => ({
  ...(JSON.parse(item.doc as string) as ApiKeyRecord),
  ...(typeof item.lastUsedAt === "string" ? { lastUsedAt: item.lastUsedAt } : {}),
});
