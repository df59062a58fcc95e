// DynamoDB Local helper of the store tests (the same tables the CDK app creates).
import { type DynamoDbLocal, startDynamoDbLocal } from "@drso/aws/testing";
import { type RunningSimulator, SIMULATOR_CREDENTIALS, startSimulator } from "@drso/simulator";
import type { APIGatewayProxyResult, Context } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiGatewayEvent } from "./lambda-api-harness";

/**
 * The deployed API entry (`src/lambda/api-handler.ts`, loaded as Lambda loads it: configuration
 * from the environment) receiving direct invocations besides API Gateway events.
 */
let local: DynamoDbLocal;
let sim: RunningSimulator;
let dropTables: () => Promise<void>;
let handler: (event: unknown, context: Context) => Promise<unknown>;
const savedEnv = { ...process.env };

beforeAll(async () => {
  [local, sim] = await Promise.all([startDynamoDbLocal(), startSimulator({ port: 0 })]);
  const { tables, drop } = await local.createTables();
  dropTables = drop;
  Object.assign(process.env, {
    AWS_REGION: "us-east-1",
    // The simulator reads the account from the access key; DynamoDB Local accepts any.
    AWS_ACCESS_KEY_ID: SIMULATOR_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: SIMULATOR_CREDENTIALS.secretAccessKey,
    DRSO_SIM_URL: sim.endpoint,
    DRSO_HOME_ACCOUNT_ID: "111111111111",
    DRSO_TABLE_CONFIG: tables.config,
    DRSO_TABLE_AUDIT: tables.audit,
    DRSO_TABLE_EXECUTIONS: tables.executions,
    DRSO_REGIONS: "us-east-1,us-west-2",
    DRSO_COGNITO_USER_POOL_ID: "us-east-1_DrsoTest1",
    DRSO_COGNITO_CLIENT_ID: "drsotestclient0000000000000",
    DRSO_DYNAMODB_ENDPOINT: local.endpoint,
    DRSO_LOG_LEVEL: "silent",
  });
  handler = (await import("../src/lambda/api-handler")).handler as typeof handler;
});

afterAll(async () => {
  process.env = savedEnv;
  await dropTables?.();
  await Promise.all([local?.stop(), sim?.close()]);
});

// biome-ignore lint/suspicious/noExplicitAny: envelope payloads differ per operation; assertions check them.
type Direct = { statusCode: number; success: boolean; data?: any; error?: any };

describe("Lambda API handler: direct invocation", () => {
  it("runs {operation: list_protection_groups} and returns the envelope with its status", async () => {
    const result = (await handler({ operation: "list_protection_groups" }, {} as Context)) as Direct;
    expect(result).toMatchObject({ statusCode: 200, success: true, data: { items: [] } });
  });

  it("creates a group in DynamoDB as the direct invocation of the Lambda request, whatever principal the event names", async () => {
    const awsRequestId = "6f1d3c2b-0a9e-4b8d-9c7f-1e2d3c4b5a69";
    const actor = `lambda-direct-invocation/${awsRequestId}`;
    const created = (await handler(
      {
        operation: "create_protection_group",
        body: {
          groupName: "Direct web tier",
          accountId: "111111111111",
          region: "us-east-1",
          tagCriteria: { Tier: "web" },
        },
        principal: { username: "automation-script", roles: ["DRSReadOnly"] },
      },
      { awsRequestId } as Context,
    )) as Direct;
    expect(created).toMatchObject({
      statusCode: 201,
      data: { groupName: "Direct web tier", createdBy: actor },
    });
    const listed = (await handler({ operation: "list_protection_groups" }, {} as Context)) as Direct;
    expect(listed.data.items.map((g: { groupName: string }) => g.groupName)).toContain("Direct web tier");
    const audit = (await handler(
      { operation: "list_audit_entries", queryParams: { resourceId: created.data.groupId } },
      {} as Context,
    )) as Direct;
    expect(audit.data.items).toEqual([expect.objectContaining({ action: "CreateProtectionGroup", actor })]);
  });

  it("answers an unknown operation with the close names, and still serves API Gateway events", async () => {
    const unknown = (await handler({ operation: "list_protection_group" }, {} as Context)) as Direct;
    expect(unknown).toMatchObject({ statusCode: 400, error: { code: "UNKNOWN_OPERATION" } });
    expect(unknown.error.details.suggestions).toContain("list_protection_groups");
    const http = (await handler(
      apiGatewayEvent("GET", "/api/protection-groups"),
      {} as Context,
    )) as APIGatewayProxyResult;
    expect(http.statusCode).toBe(401);
  });
});
