import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { AwsCredentials } from "@drso/aws";
import type { AppDeps } from "@drso/server";
import { type RunningSimulator, SIMULATOR_CREDENTIALS, startSimulator } from "@drso/simulator";
import { CognitoJwtVerifier } from "aws-jwt-verify";
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";
import { handle } from "hono/aws-lambda";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// DynamoDB Local helper of the store tests (the same tables the CDK app creates).
import { type DynamoDbLocal, startDynamoDbLocal } from "../../aws/test/dynamodb/dynamodb-local";
import { createLambdaApiApp } from "../src/lambda/api-app";
import { loadLambdaConfig } from "../src/lambda/lambda-config";

const USER_POOL_ID = "us-east-1_DrsoTest1";
const CLIENT_ID = "drsotestclient0000000000000";
const ISSUER = `https://cognito-idp.us-east-1.amazonaws.com/${USER_POOL_ID}`;

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

  // A Cognito-shaped signing key: the verifier's JWKS cache is hydrated with its public half.
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  const { n, e } = await exportJWK(publicKey);
  const jwk = { kty: "RSA", n: n ?? "", e: e ?? "", kid: "test-key", alg: "RS256", use: "sig" };
  const verifier = CognitoJwtVerifier.create({
    userPoolId: USER_POOL_ID,
    clientId: CLIENT_ID,
    tokenUse: "access",
  });
  verifier.cacheJwks({ keys: [jwk] });
  signToken = (claims, expiresInSeconds = 3600) =>
    new SignJWT({ token_use: "access", client_id: CLIENT_ID, ...claims })
      .setProtectedHeader({ alg: "RS256", kid: "test-key" })
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + expiresInSeconds)
      .sign(privateKey);

  const config = loadLambdaConfig({
    AWS_REGION: "us-east-1",
    DRSO_HOME_ACCOUNT_ID: "111111111111",
    DRSO_TABLE_CONFIG: tables.config,
    DRSO_TABLE_AUDIT: tables.audit,
    DRSO_TABLE_EXECUTIONS: tables.executions,
    DRSO_REGIONS: "us-east-1,us-west-2",
    DRSO_COGNITO_USER_POOL_ID: USER_POOL_ID,
    DRSO_COGNITO_CLIENT_ID: CLIENT_ID,
    DRSO_DYNAMODB_ENDPOINT: local.endpoint,
    DRSO_SIM_URL: sim.endpoint,
  });
  const { app, destroy, deps } = createLambdaApiApp({
    config,
    verifier,
    logger: pino({ level: process.env.TEST_LOG ?? "silent" }),
    awsCredentials: SIMULATOR_CREDENTIALS as AwsCredentials,
  });
  destroyApp = destroy;
  users = deps.users;
  const handler = handle(app);
  // API Gateway sends `null` for absent query strings where hono's event type says `undefined`.
  invoke = async (event) =>
    (await handler(
      event as unknown as Parameters<typeof handler>[0],
      {} as Context,
    )) as APIGatewayProxyResult;
});

afterAll(async () => {
  destroyApp?.();
  await dropTables?.();
  await Promise.all([local?.stop(), sim?.close()]);
});

/** An API Gateway REST proxy event as the `/api/{proxy+}` resource delivers it. */
const event = (
  method: string,
  path: string,
  options: { token?: string; apiKey?: string; body?: unknown } = {},
): APIGatewayProxyEvent => {
  const headers: Record<string, string> = {
    host: "abc123.execute-api.us-east-1.amazonaws.com",
    "content-type": "application/json",
    ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    ...(options.apiKey ? { "x-api-key": options.apiKey } : {}),
  };
  return {
    resource: "/api/{proxy+}",
    path,
    httpMethod: method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: { proxy: path.replace(/^\/api\//, "") },
    stageVariables: null,
    body: options.body === undefined ? null : JSON.stringify(options.body),
    isBase64Encoded: false,
    requestContext: {
      accountId: "111111111111",
      apiId: "abc123",
      authorizer: null,
      protocol: "HTTP/1.1",
      httpMethod: method,
      identity: {
        sourceIp: "203.0.113.7",
        userAgent: "vitest",
      } as APIGatewayProxyEvent["requestContext"]["identity"],
      path: `/prod${path}`,
      stage: "prod",
      requestId: "req-1",
      requestTimeEpoch: Date.now(),
      resourceId: "res1",
      resourcePath: "/api/{proxy+}",
    },
  };
};

// biome-ignore lint/suspicious/noExplicitAny: envelope payloads differ per route; assertions check them.
type Envelope = { success: boolean; data?: any; error?: any };
const json = (result: APIGatewayProxyResult) => JSON.parse(result.body) as Envelope;

describe("Lambda API handler (API Gateway proxy events)", () => {
  it("answers the health check without a token", async () => {
    const result = await invoke(event("GET", "/api/health"));
    expect(result.statusCode).toBe(200);
    expect(json(result).success).toBe(true);
  });

  it("refuses /api routes without a token, with a forged signature, and with an expired token", async () => {
    expect((await invoke(event("GET", "/api/protection-groups"))).statusCode).toBe(401);
    const expired = await signToken({ sub: "u1", username: "alice", "cognito:groups": ["DRSReadOnly"] }, -60);
    const result = await invoke(event("GET", "/api/protection-groups", { token: expired }));
    expect(result.statusCode).toBe(401);
    expect(json(result).error.code).toBe("TOKEN_EXPIRED");
    const forged = `${expired.split(".").slice(0, 2).join(".")}.c2lnbmF0dXJl`;
    expect((await invoke(event("GET", "/api/protection-groups", { token: forged }))).statusCode).toBe(401);
  });

  it("maps Cognito groups to roles: read-only may list but not create", async () => {
    const token = await signToken({ sub: "u2", username: "reader", "cognito:groups": ["DRSReadOnly"] });
    const list = await invoke(event("GET", "/api/protection-groups", { token }));
    expect(list.statusCode).toBe(200);
    expect(json(list).data.items).toEqual([]);
    const create = await invoke(
      event("POST", "/api/protection-groups", {
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
      event("POST", "/api/protection-groups", {
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
    const list = await invoke(event("GET", "/api/protection-groups", { token }));
    expect(json(list).data.items.map((g: { groupName: string }) => g.groupName)).toEqual(["Web tier"]);
    const profile = await invoke(event("GET", "/api/user/permissions", { token }));
    expect(profile.statusCode).toBe(200);
    expect(JSON.stringify(json(profile).data)).toContain("DRSPlanManager");
    expect(JSON.stringify(json(profile).data)).not.toContain("NotARole");
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
    const ok = await invoke(event("GET", "/api/protection-groups", { apiKey: `drso_${keyId}_${secret}` }));
    expect(ok.statusCode).toBe(200);
    const wrong = await invoke(
      event("GET", "/api/protection-groups", { apiKey: `drso_${keyId}_${"A".repeat(43)}` }),
    );
    expect(wrong.statusCode).toBe(401);
  });
});
