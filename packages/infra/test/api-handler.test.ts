import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { AwsCredentials } from "@drso/aws";
// DynamoDB Local helper of the store tests (the same tables the CDK app creates).
import { type DynamoDbLocal, startDynamoDbLocal } from "@drso/aws/testing";
import type { AppDeps } from "@drso/server";
import { type RunningSimulator, SIMULATOR_CREDENTIALS, startSimulator } from "@drso/simulator";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLambdaApiApp } from "../src/lambda/api-app";
import { apiGatewayEvent, cognitoTestSigner, lambdaInvoker, localLambdaConfig } from "./lambda-api-harness";

let local: DynamoDbLocal;
let sim: RunningSimulator;
let dropTables: () => Promise<void>;
let destroyApp: () => void;
let users: AppDeps["users"];
let invoke: (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;
let signToken: (claims: Record<string, unknown>, expiresInSeconds?: number) => Promise<string>;

beforeAll(async () => {
  [local, sim] = await Promise.all([startDynamoDbLocal(), startSimulator({ port: 0 })]);
  const { tables, drop } = await local.createTables();
  dropTables = drop;

  const signer = await cognitoTestSigner();
  signToken = signer.sign;

  const config = localLambdaConfig({
    tables,
    dynamoDbEndpoint: local.endpoint,
    simEndpoint: sim.endpoint,
    signer,
  });

  const { app, destroy, deps } = createLambdaApiApp({
    config,
    verifier: signer.verifier,
    logger: pino({ level: process.env.TEST_LOG ?? "silent" }),
    awsCredentials: SIMULATOR_CREDENTIALS as AwsCredentials,
  });
  destroyApp = destroy;
  users = deps.users;
  invoke = lambdaInvoker(app);
});

afterAll(async () => {
  destroyApp?.();
  await dropTables?.();
  await Promise.all([local?.stop(), sim?.close()]);
});

// biome-ignore lint/suspicious/noExplicitAny: envelope payloads differ per route; assertions check them.
type Envelope = { success: boolean; data?: any; error?: any };
const json = (result: APIGatewayProxyResult) => JSON.parse(result.body) as Envelope;

describe("Lambda API handler (API Gateway proxy events)", () => {
  it("serves the OpenAPI document without a token, and no Swagger UI page (embedded mode only)", async () => {
    const doc = await invoke(apiGatewayEvent("GET", "/api/openapi.json"));
    expect(doc.statusCode).toBe(200);
    expect(JSON.parse(doc.body).openapi).toBe("3.1.0");
    for (const path of ["/api/docs", "/api/docs/assets/swagger-ui-bundle.js"]) {
      const page = await invoke(apiGatewayEvent("GET", path));
      expect(page.statusCode, path).toBe(404);
      expect(json(page).error.code).toBe("NOT_FOUND");
    }
  });

  it("answers the health check without a token", async () => {
    const result = await invoke(apiGatewayEvent("GET", "/api/health"));
    expect(result.statusCode).toBe(200);
    expect(json(result).success).toBe(true);
  });

  it("refuses /api routes without a token, with a forged signature, and with an expired token", async () => {
    expect((await invoke(apiGatewayEvent("GET", "/api/protection-groups"))).statusCode).toBe(401);
    const expired = await signToken({ sub: "u1", username: "alice", "cognito:groups": ["DRSReadOnly"] }, -60);
    const result = await invoke(apiGatewayEvent("GET", "/api/protection-groups", { token: expired }));
    expect(result.statusCode).toBe(401);
    expect(json(result).error.code).toBe("TOKEN_EXPIRED");
    const forged = `${expired.split(".").slice(0, 2).join(".")}.c2lnbmF0dXJl`;
    expect(
      (await invoke(apiGatewayEvent("GET", "/api/protection-groups", { token: forged }))).statusCode,
    ).toBe(401);
  });

  it("maps Cognito groups to roles: read-only may list but not create", async () => {
    const token = await signToken({ sub: "u2", username: "reader", "cognito:groups": ["DRSReadOnly"] });
    const list = await invoke(apiGatewayEvent("GET", "/api/protection-groups", { token }));
    expect(list.statusCode).toBe(200);
    expect(json(list).data.items).toEqual([]);
    const create = await invoke(
      apiGatewayEvent("POST", "/api/protection-groups", {
        token,
        body: {
          groupName: "Web",
          accountId: "111111111111",
          region: "us-east-1",
          tagCriteria: { Tier: "web" },
        },
      }),
    );
    expect(create.statusCode).toBe(403);
  });

  it("lets a plan manager create a protection group stored in DynamoDB, and reports who they are", async () => {
    const token = await signToken({
      sub: "u3",
      username: "planner",
      "cognito:groups": ["DRSPlanManager", "NotARole"],
    });
    const create = await invoke(
      apiGatewayEvent("POST", "/api/protection-groups", {
        token,
        body: {
          groupName: "Web tier",
          accountId: "111111111111",
          region: "us-east-1",
          tagCriteria: { Tier: "web" },
        },
      }),
    );
    expect(create.statusCode).toBe(201);
    expect(json(create).data).toMatchObject({ groupName: "Web tier", version: 1, createdBy: "planner" });
    const list = await invoke(apiGatewayEvent("GET", "/api/protection-groups", { token }));
    expect(json(list).data.items.map((g: { groupName: string }) => g.groupName)).toEqual(["Web tier"]);
    const profile = await invoke(apiGatewayEvent("GET", "/api/user/permissions", { token }));
    expect(profile.statusCode).toBe(200);
    expect(JSON.stringify(json(profile).data)).toContain("DRSPlanManager");
    expect(JSON.stringify(json(profile).data)).not.toContain("NotARole");
  });

  it("previews a DRS tag sync through the Lambda API (the tag adapter is wired)", async () => {
    const token = await signToken({ username: "admin", "cognito:groups": ["DRSOrchestrationAdmin"] });
    const preview = await invoke(
      apiGatewayEvent("POST", "/api/drs/tag-sync", {
        token,
        body: { accountId: "111111111111", region: "us-east-1", dryRun: true },
      }),
    );
    expect(preview.statusCode, preview.body).toBe(200);
    expect(json(preview).data).toMatchObject({ dryRun: true, applied: 0 });
    expect(json(preview).data.serversChecked).toBeGreaterThan(0);
  });

  it("serves every AWS-backed route module: launch and replication settings of a source server", async () => {
    const token = await signToken({ username: "admin", "cognito:groups": ["DRSOrchestrationAdmin"] });
    const scope = "accountId=111111111111&region=us-east-1";
    const servers = await invoke(apiGatewayEvent("GET", `/api/drs/source-servers?${scope}`, { token }));
    expect(servers.statusCode, servers.body).toBe(200);
    const id = (json(servers).data.items as { serverId: string }[])[0]?.serverId;
    for (const settings of ["launch-settings", "replication-settings"]) {
      const res = await invoke(
        apiGatewayEvent("GET", `/api/drs/source-servers/${id}/${settings}?${scope}`, { token }),
      );
      expect(res.statusCode, `${settings}: ${res.body}`).toBe(200);
    }
  });

  it("accepts an X-Api-Key stored in DynamoDB (automation) with the key's roles", async () => {
    const keyId = randomBytes(8).toString("hex");
    const secret = randomBytes(32).toString("base64url");
    await users.createApiKey(
      {
        keyId,
        name: "ci",
        roles: ["DRSReadOnly"],
        secretHash: createHash("sha256").update(secret).digest("base64url"),
        createdDate: new Date().toISOString(),
        createdBy: "admin",
      },
      {
        auditId: randomUUID(),
        timestamp: new Date().toISOString(),
        actor: "admin",
        action: "CreateApiKey",
        resourceType: "api-key",
        resourceId: keyId,
      },
    );
    const ok = await invoke(
      apiGatewayEvent("GET", "/api/protection-groups", { apiKey: `drso_${keyId}_${secret}` }),
    );
    expect(ok.statusCode).toBe(200);
    const wrong = await invoke(
      apiGatewayEvent("GET", "/api/protection-groups", { apiKey: `drso_${keyId}_${"A".repeat(43)}` }),
    );
    expect(wrong.statusCode).toBe(401);
  });
});
