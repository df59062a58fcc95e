import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
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
import { transactWrite, withRaceRetry } from "./dynamodb-transaction";
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

  getApiKey(keyId: string): Promise<ApiKeyRecord | undefined> {
    return this.get<ApiKeyRecord>(PARTITION.apiKey, keyId);
  }

  listApiKeys(): Promise<ApiKeyRecord[]> {
    return this.all<ApiKeyRecord>(PARTITION.apiKey);
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
    const items: T[] = [];
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
      items.push(...(page.Items ?? []).map((i) => JSON.parse(i.doc as string) as T));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }

  private auditWrite(entry: AuditEntry) {
    return auditWrite(this.tables.audit, entry);
  }
}
