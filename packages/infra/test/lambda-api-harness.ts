import type { App } from "@drso/server";
import { CognitoJwtVerifier } from "aws-jwt-verify";
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";
import { handle } from "hono/aws-lambda";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { type LambdaConfig, loadLambdaConfig } from "../src/lambda/lambda-config";

const USER_POOL_ID = "us-east-1_DrsoTest1";
const CLIENT_ID = "drsotestclient0000000000000";
const ISSUER = `https://cognito-idp.us-east-1.amazonaws.com/${USER_POOL_ID}`;

/**
 * A Cognito-shaped signing key for Lambda API tests: the verifier's JWKS cache is hydrated with its
 * public half, so tokens signed here verify exactly as Cognito's would.
 */
export const cognitoTestSigner = async () => {
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  const { n, e } = await exportJWK(publicKey);
  const jwk = { kty: "RSA", n: n ?? "", e: e ?? "", kid: "test-key", alg: "RS256", use: "sig" };
  const verifier = CognitoJwtVerifier.create({
    userPoolId: USER_POOL_ID,
    clientId: CLIENT_ID,
    tokenUse: "access",
  });
  verifier.cacheJwks({ keys: [jwk] });
  const sign = (claims: Record<string, unknown>, expiresInSeconds = 3600) =>
    new SignJWT({ token_use: "access", client_id: CLIENT_ID, ...claims })
      .setProtectedHeader({ alg: "RS256", kid: "test-key" })
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + expiresInSeconds)
      .sign(privateKey);
  return { userPoolId: USER_POOL_ID, clientId: CLIENT_ID, verifier, sign };
};

/** An API Gateway REST proxy event as the `/api/{proxy+}` resource delivers it. */
export const apiGatewayEvent = (
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

/**
 * The Lambda configuration the CDK app sets, pointed at DynamoDB Local and the simulator (home
 * account 111111111111 in us-east-1, both demo regions), with the test signer's Cognito ids.
 */
export const localLambdaConfig = (options: {
  tables: { config: string; audit: string; executions: string };
  dynamoDbEndpoint: string;
  simEndpoint: string;
  signer: { userPoolId: string; clientId: string };
  stateMachineArn?: string;
}): LambdaConfig =>
  loadLambdaConfig({
    AWS_REGION: "us-east-1",
    DRSO_HOME_ACCOUNT_ID: "111111111111",
    DRSO_TABLE_CONFIG: options.tables.config,
    DRSO_TABLE_AUDIT: options.tables.audit,
    DRSO_TABLE_EXECUTIONS: options.tables.executions,
    DRSO_REGIONS: "us-east-1,us-west-2",
    DRSO_COGNITO_USER_POOL_ID: options.signer.userPoolId,
    DRSO_COGNITO_CLIENT_ID: options.signer.clientId,
    DRSO_DYNAMODB_ENDPOINT: options.dynamoDbEndpoint,
    DRSO_SIM_URL: options.simEndpoint,
    ...(options.stateMachineArn ? { DRSO_STATE_MACHINE_ARN: options.stateMachineArn } : {}),
  });

/** Calls the app the way API Gateway's Lambda proxy integration does. */
export const lambdaInvoker = (app: App) => {
  const handler = handle(app);
  // API Gateway sends `null` for absent query strings where hono's event type says `undefined`.
  return async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> =>
    (await handler(
      event as unknown as Parameters<typeof handler>[0],
      {} as Context,
    )) as APIGatewayProxyResult;
};
