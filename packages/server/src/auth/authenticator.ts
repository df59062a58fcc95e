import { type Actor, AuthenticationError, type UserStore } from "@drso/core";
import { apiKeySecretMatches, parseApiKey } from "./api-key";
import type { TokenIssuer } from "./token-issuer";

/** Turns the request's credentials (Bearer JWT or X-Api-Key) into the acting user, or refuses (401). */
export class Authenticator {
  constructor(
    private readonly tokens: TokenIssuer,
    private readonly users: UserStore,
  ) {}

  async authenticate(authorization: string | undefined, apiKey: string | undefined): Promise<Actor> {
    if (apiKey !== undefined) return this.fromApiKey(apiKey);
    if (authorization === undefined)
      throw new AuthenticationError("Authentication required: send a Bearer token or X-Api-Key");
    const m = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!m?.[1])
      throw new AuthenticationError("Authorization header must be 'Bearer <token>'", "INVALID_TOKEN");
    const actor = await this.tokens.verify(m[1]);
    // A removed user's tokens stop working at once, not after 45 minutes.
    const user = await this.users.getUser(actor.username);
    if (!user) throw new AuthenticationError("User no longer exists", "INVALID_TOKEN");
    return { username: user.username, roles: user.roles };
  }

  private async fromApiKey(key: string): Promise<Actor> {
    const parsed = parseApiKey(key);
    const record = parsed ? await this.users.getApiKey(parsed.keyId) : undefined;
    if (!parsed || !record || !apiKeySecretMatches(parsed.secret, record.secretHash)) {
      throw new AuthenticationError("Invalid API key", "INVALID_API_KEY");
    }
    return { username: `apikey:${record.name}`, roles: record.roles };
  }
}
