import { type Actor, AuthenticationError, type UserStore } from "@drso/core";
import { apiKeySecretMatches, parseApiKey } from "./api-key";
import type { TokenIssuer } from "./token-issuer";

/** A key's last use is written at most this often: not one write per request. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** Turns the request's credentials (Bearer JWT or X-Api-Key) into the acting user, or refuses (401). */
export class Authenticator {
  constructor(
    private readonly tokens: TokenIssuer,
    private readonly users: UserStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async authenticate(authorization: string | undefined, apiKey: string | undefined): Promise<Actor> {
    if (apiKey !== undefined) return this.fromApiKey(apiKey);
    if (authorization === undefined)
      throw new AuthenticationError("Authentication required: send a Bearer token or X-Api-Key");
    const m = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!m?.[1])
      throw new AuthenticationError("Authorization header must be 'Bearer <token>'", "INVALID_TOKEN");
    const claims = await this.tokens.verify(m[1]);
    // Checked against the user's record on every request, so that each ends a session at once:
    // removal (and a new user under the old name: another userId), a password change, a logout.
    const user = await this.users.getUser(claims.username);
    if (!user || user.userId !== claims.userId)
      throw new AuthenticationError("User no longer exists", "INVALID_TOKEN");
    if ((user.tokenGeneration ?? 0) !== claims.tokenGeneration)
      throw new AuthenticationError("Session ended by a password change, log in again", "INVALID_TOKEN");
    if (user.revokedTokens?.some((t) => t.jti === claims.jti))
      throw new AuthenticationError("Session ended by logout, log in again", "INVALID_TOKEN");
    return { username: user.username, roles: user.roles };
  }

  private async fromApiKey(key: string): Promise<Actor> {
    const parsed = parseApiKey(key);
    const record = parsed ? await this.users.getApiKey(parsed.keyId) : undefined;
    if (!parsed || !record || !apiKeySecretMatches(parsed.secret, record.secretHash)) {
      throw new AuthenticationError("Invalid API key", "INVALID_API_KEY");
    }
    const now = this.now();
    if (record.expiresAt && Date.parse(record.expiresAt) <= now.getTime())
      throw new AuthenticationError("API key expired", "API_KEY_EXPIRED");
    if (!record.lastUsedAt || now.getTime() - Date.parse(record.lastUsedAt) >= LAST_USED_RESOLUTION_MS)
      await this.users.touchApiKey(record.keyId, now.toISOString());
    return { username: `apikey:${record.name}`, roles: record.roles };
  }
}
