import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import {
  type AuditEntry,
  DuplicateIdError,
  NotFoundError,
  type Page,
  type PageRequest,
  StaleVersionError,
} from "@drso/core";
import { auditWrite } from "./audit-item";
import { recordKey } from "./config-keys";
import type { GuardedWrite } from "./dynamodb-transaction";
import { decodeKeyToken, encodeKeyToken } from "./page-token";
import type { TableNames } from "./table-schema";

/** A stored record: the document as JSON (exact round trip) plus the attributes conditions use. */
export interface RecordItem {
  pk: string;
  sk: string;
  doc: string;
  version: number;
  nameKey?: string;
  /** Protection groups only: the plans that reference the group (delete is refused while set). */
  planRefs?: Set<string>;
  /** Recovery plans only: written by the execution store. */
  lastExecutionId?: string;
  lastExecutionStatus?: string;
}

/**
 * The config table's records (one item per group, plan, account or settings document) and the
 * conditional writes that keep their versions, each with the domain error its failed condition
 * means. The rule items beside them live in `name-items.ts`, `plan-references.ts` and
 * `group-server-claims.ts`; the stores compose all of these into one transaction per change.
 */
export class ConfigRecords {
  constructor(
    readonly client: DynamoDBDocumentClient,
    readonly tables: Pick<TableNames, "config" | "audit">,
  ) {}

  async getDoc<T>(partition: string, id: string): Promise<T | undefined> {
    return this.docOf<T>(await this.getRecord(partition, id));
  }

  async getRecord(partition: string, id: string): Promise<RecordItem | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tables.config, Key: recordKey(partition, id), ConsistentRead: true }),
    );
    return result.Item as RecordItem | undefined;
  }

  docOf<T>(item: RecordItem | undefined): T | undefined {
    if (!item) return undefined;
    const doc = JSON.parse(item.doc) as T;
    // Plans: the execution store keeps the last execution beside the document (no version bump).
    return item.lastExecutionId
      ? { ...doc, lastExecutionId: item.lastExecutionId, lastExecutionStatus: item.lastExecutionStatus }
      : doc;
  }

  async listRecords<T>(partition: string, page: PageRequest): Promise<Page<T>> {
    const start = decodeKeyToken(page.nextToken, ["pk", "sk"]);
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tables.config,
        KeyConditionExpression: "pk = :p",
        ExpressionAttributeValues: { ":p": partition },
        Limit: page.limit + 1,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    return toPage<T>(result.Items ?? [], page.limit, ["pk", "sk"]);
  }

  async requireVersion(partition: string, kind: string, id: string, expected: number): Promise<RecordItem> {
    const current = await this.getRecord(partition, id);
    if (!current) throw new NotFoundError(kind, id);
    if (current.version !== expected) throw new StaleVersionError(kind, id, expected, current.version);
    return current;
  }

  putRecord(
    partition: string,
    id: string,
    doc: unknown,
    version: number,
    name: string | undefined,
    planRefs: Set<string> | undefined,
    explain: () => Promise<Error>,
  ): GuardedWrite {
    return {
      item: {
        Put: {
          TableName: this.tables.config,
          Item: {
            ...recordKey(partition, id),
            doc: JSON.stringify(doc),
            version,
            ...(name !== undefined ? { nameKey: name } : {}),
            ...(planRefs && planRefs.size > 0 ? { planRefs } : {}),
          },
          ConditionExpression: "attribute_not_exists(pk)",
        },
      },
      explain,
    };
  }

  /** Replaces the document only (a group's `planRefs` are kept), if the version is still `expected`. */
  updateRecord(
    partition: string,
    id: string,
    doc: { version: number },
    expected: number,
    name: string | undefined,
    kind: string,
    planRefs?: Set<string>,
  ): GuardedWrite {
    const refs = planRefs === undefined ? "" : planRefs.size > 0 ? ", planRefs = :refs" : " REMOVE planRefs";
    return {
      item: {
        Update: {
          TableName: this.tables.config,
          Key: recordKey(partition, id),
          UpdateExpression: `SET doc = :doc, version = :v${name !== undefined ? ", nameKey = :name" : ""}${refs}`,
          ConditionExpression: "version = :expected",
          ExpressionAttributeValues: {
            ":doc": JSON.stringify(doc),
            ":v": doc.version,
            ":expected": expected,
            ...(name !== undefined ? { ":name": name } : {}),
            ...(planRefs && planRefs.size > 0 ? { ":refs": planRefs } : {}),
          },
        },
      },
      explain: async () => {
        const now = await this.getRecord(partition, id);
        return now ? new StaleVersionError(kind, id, expected, now.version) : new NotFoundError(kind, id);
      },
    };
  }

  deleteRecord(partition: string, id: string, expected: number, kind: string): GuardedWrite {
    return {
      item: {
        Delete: {
          TableName: this.tables.config,
          Key: recordKey(partition, id),
          ConditionExpression: "version = :v",
          ExpressionAttributeValues: { ":v": expected },
        },
      },
      explain: async () => {
        const now = await this.getRecord(partition, id);
        return now ? new StaleVersionError(kind, id, expected, now.version) : new NotFoundError(kind, id);
      },
    };
  }

  /** Import: insert a new record at version 1, or replace an existing one at its version + 1. */
  upsertWrite(
    partition: string,
    id: string,
    doc: object,
    current: RecordItem | undefined,
    name: string | undefined,
    kind: string,
    planRefs?: Set<string>,
  ): GuardedWrite {
    const version = (current?.version ?? 0) + 1;
    if (!current) {
      return this.putRecord(partition, id, { ...doc, version }, version, name, planRefs, () =>
        this.duplicateId(kind, id),
      );
    }
    return this.updateRecord(partition, id, { ...doc, version }, current.version, name, kind, planRefs);
  }

  auditWrite(entry: AuditEntry): GuardedWrite {
    return auditWrite(this.tables.audit, entry);
  }

  async duplicateId(kind: string, id: string): Promise<Error> {
    return new DuplicateIdError(kind, id);
  }
}

export function toPage<T>(items: Record<string, unknown>[], limit: number, keyAttributes: string[]): Page<T> {
  const shown = items.slice(0, limit);
  const last = shown[shown.length - 1];
  const docs = shown.map((item) => {
    const doc = JSON.parse(item.doc as string) as T;
    return item.lastExecutionId
      ? { ...doc, lastExecutionId: item.lastExecutionId, lastExecutionStatus: item.lastExecutionStatus }
      : doc;
  });
  return {
    items: docs,
    ...(items.length > limit && last
      ? { nextToken: encodeKeyToken(Object.fromEntries(keyAttributes.map((a) => [a, String(last[a])]))) }
      : {}),
  };
}
