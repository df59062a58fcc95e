import { type Actor, AuthenticationError, isRole, type Role } from "@drso/core";
import { JwtExpiredError } from "aws-jwt-verify/error";

/** What we read from a verified Cognito token (access or id token). */
export interface CognitoClaims {
  sub: string;
  username?: string;
  "cognito:username"?: string;
  "cognito:groups"?: string[];
  email?: string;
}

/** The part of aws-jwt-verify's CognitoJwtVerifier we use; tests hydrate its JWKS cache. */
export interface CognitoTokenVerifier {
  verify(token: string): Promise<object>;
}

/** Authenticates X-Api-Key requests (the server's Authenticator over the DynamoDB user store). */
export interface ApiKeyAuthenticator {
  authenticate(authorization: string | undefined, apiKey: string | undefined): Promise<Actor>;
}

/**
 * The API's authenticator on AWS: a Bearer token must be a Cognito token of our user pool and
 * client (signature, issuer, expiry and token use checked by aws-jwt-verify); the caller's Cognito
 * groups are its roles. API Gateway's Cognito authorizer checked the token already — verifying
 * again keeps the Lambda safe if it is ever invoked another way. API keys go to the local check.
 */
export class CognitoAuthenticator {
  constructor(
    private readonly verifier: CognitoTokenVerifier,
    private readonly apiKeys?: ApiKeyAuthenticator,
  ) {}

  async authenticate(authorization: string | undefined, apiKey: string | undefined): Promise<Actor> {
    if (apiKey !== undefined) {
      if (!this.apiKeys) throw new AuthenticationError("API keys are not enabled", "INVALID_API_KEY");
      return this.apiKeys.authenticate(undefined, apiKey);
    }
    if (authorization === undefined) {
      throw new AuthenticationError("Authentication required: send a Cognito Bearer token");
    }
    const m = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!m?.[1])
      throw new AuthenticationError("Authorization header must be 'Bearer <token>'", "INVALID_TOKEN");
    let claims: CognitoClaims;
    try {
      claims = (await this.verifier.verify(m[1])) as CognitoClaims;
    } catch (error) {
      if (error instanceof JwtExpiredError)
        throw new AuthenticationError("Session expired, log in again", "TOKEN_EXPIRED");
      throw new AuthenticationError("Invalid token", "INVALID_TOKEN");
    }
    const roles: Role[] = (claims["cognito:groups"] ?? []).filter(isRole);
    return { username: claims.username ?? claims["cognito:username"] ?? claims.email ?? claims.sub, roles };
  }
}
