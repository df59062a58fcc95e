import { CognitoJwtVerifier } from "aws-jwt-verify";
import type { APIGatewayProxyEvent } from "aws-lambda";
import { exportJWK, generateKeyPair, SignJWT } from "jose";

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
