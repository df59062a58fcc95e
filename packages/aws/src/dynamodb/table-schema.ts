import type { CreateTableCommandInput } from "@aws-sdk/client-dynamodb";

/**
 * The DynamoDB tables of the AWS deployment, in one place: the store reads these keys, the CDK
 * app creates the tables from them and the tests create the same tables in DynamoDB Local.
 *
 * - `config`: protection groups, plans, target accounts, settings, users, API keys, and the
 *   uniqueness items (`NAME#…`, `SERVER#…`) that transactions use to enforce the rules.
 * - `audit`: one item per mutation, newest first, queryable per resource (`ResourceIndex`).
 * - `executions`: executions and their events; `StatusIndex` is sparse (only active executions
 *   carry `activeStatus`), so "what is running" is one small Query.
 */
export interface TableIndex {
  indexName: string;
  partitionKey: string;
  sortKey: string;
}
export interface TableShape {
  partitionKey: string;
  sortKey: string;
  indexes: TableIndex[];
}

export const TABLE_SHAPES = {
  config: { partitionKey: "pk", sortKey: "sk", indexes: [] },
  audit: {
    partitionKey: "pk",
    sortKey: "sk",
    indexes: [{ indexName: "ResourceIndex", partitionKey: "resourceId", sortKey: "sk" }],
  },
  executions: {
    partitionKey: "pk",
    sortKey: "sk",
    indexes: [{ indexName: "StatusIndex", partitionKey: "activeStatus", sortKey: "startTime" }],
  },
} as const satisfies Record<string, TableShape>;

export type TableKind = keyof typeof TABLE_SHAPES;
export type TableNames = Record<TableKind, string>;

/** Table names of one environment: `drso-dev-config`, ... */
export const tableNamesFor = (envName: string): TableNames => ({
  config: `drso-${envName}-config`,
  audit: `drso-${envName}-audit`,
  executions: `drso-${envName}-executions`,
});

/** CreateTable inputs (on-demand billing) for DynamoDB Local and scripts; CDK builds its own. */
export const createTableInputs = (names: TableNames): CreateTableCommandInput[] =>
  (Object.keys(TABLE_SHAPES) as TableKind[]).map((kind) => {
    const shape: TableShape = TABLE_SHAPES[kind];
    const attributes = new Set([shape.partitionKey, shape.sortKey]);
    for (const index of shape.indexes) {
      attributes.add(index.partitionKey);
      attributes.add(index.sortKey);
    }
    return {
      TableName: names[kind],
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [...attributes].map((name) => ({ AttributeName: name, AttributeType: "S" })),
      KeySchema: [
        { AttributeName: shape.partitionKey, KeyType: "HASH" },
        { AttributeName: shape.sortKey, KeyType: "RANGE" },
      ],
      ...(shape.indexes.length > 0
        ? {
            GlobalSecondaryIndexes: shape.indexes.map((index) => ({
              IndexName: index.indexName,
              KeySchema: [
                { AttributeName: index.partitionKey, KeyType: "HASH" },
                { AttributeName: index.sortKey, KeyType: "RANGE" },
              ],
              Projection: { ProjectionType: "ALL" },
            })),
          }
        : {}),
    };
  });
