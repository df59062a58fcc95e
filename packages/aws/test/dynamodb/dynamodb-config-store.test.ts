// The contract suite lives with the SQLite store it was written for; both adapters must pass it.
import { describeConfigStoreContract } from "@drso/core/testing";
import { afterAll, beforeAll } from "vitest";
import { DynamoDbConfigStore } from "../../src/dynamodb/dynamodb-config-store";
import { DynamoDbExecutionStore } from "../../src/dynamodb/dynamodb-execution-store";
import { type DynamoDbLocal, startDynamoDbLocal } from "../../src/testing/dynamodb-local";

let local: DynamoDbLocal;
beforeAll(async () => {
  local = await startDynamoDbLocal();
});
afterAll(async () => {
  await local?.stop();
});

describeConfigStoreContract("DynamoDB Local", async () => {
  const { client, tables, drop } = await local.createTables();
  return {
    store: new DynamoDbConfigStore(client, tables),
    executions: new DynamoDbExecutionStore(client, tables),
    close: drop,
  };
});
