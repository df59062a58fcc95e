import { randomUUID } from "node:crypto";
import {
  AuthenticationError,
  type Role,
  TooManyLoginAttemptsError,
  type UserRecord,
  type UserStore,
  ValidationError,
} from "@drso/core";
import type { Logger } from "pino";
import { LoginThrottle } from "./login-throttle";
import { hashPassword, needsRehash, unmatchableHash, verifyPassword } from "./password-hash";
import type { SessionClaims, TokenIssuer } from "./token-issuer";
import { UserAccounts } from "./user-accounts";

export interface IssuedSession {
  token: string;
  expiresIn: number;
  username: string;
  roles: Role[];
}

/**
 * Local sessions: login (throttled, logged, upgrading an old password hash), logout and a password
 * change by the user. Failures are logged with the user name and client address, never a password.
 */
export class Sessions {
  private readonly throttle: LoginThrottle;
  private readonly accounts: UserAccounts;

  constructor(
    private readonly users: UserStore,
    private readonly tokens: TokenIssuer,
    private readonly logger: Logger,
    options: { passwordCost?: number; now?: () => Date; throttle?: LoginThrottle } = {},
  ) {
    this.throttle = options.throttle ?? new LoginThrottle();
    this.accounts = new UserAccounts(users, options);
  }

  async login(username: string, password: string, address: string): Promise<IssuedSession> {
    const current = await this.checkPassword(username, password, address, "login");
    // Upgrade a hash made at a lower cost, and give a user made before identities existed one.
    const cost = this.accounts.passwordCost;
    const rehashed = needsRehash(current.passwordHash, cost) ? await hashPassword(password, cost) : undefined;
    const user =
      rehashed || !current.userId
        ? await this.users.updateUser(
            username,
            (u) => ({
              ...u,
              // Only if no password change came in meanwhile.
              ...(rehashed && u.passwordHash === current.passwordHash ? { passwordHash: rehashed } : {}),
              userId: u.userId ?? randomUUID(),
              tokenGeneration: u.tokenGeneration ?? 0,
            }),
            undefined,
          )
        : current;
    if (rehashed) this.logger.info({ username }, "password hash upgraded to the current cost");
    return this.issue(user);
  }

  /** Ends the session of this token (what `POST /api/auth/logout` sends). */
  async logout(bearer: string | undefined): Promise<void> {
    const claims = await this.claimsOf(bearer);
    await this.accounts.revokeSession(claims.username, claims.jti, claims.exp, claims.username);
  }

  /** The caller changes their own password; every other session of theirs ends, a new token is returned. */
  async changePassword(
    bearer: string | undefined,
    currentPassword: string,
    newPassword: string,
    address: string,
  ): Promise<IssuedSession> {
    const claims = await this.claimsOf(bearer);
    await this.checkPassword(claims.username, currentPassword, address, "password change");
    if (newPassword === currentPassword)
      throw new ValidationError("The new password must differ from the current one", {
        field: "newPassword",
      });
    const { user } = await this.accounts.setPassword(claims.username, newPassword, claims.username);
    return this.issue(user);
  }

  /** Throttled password check of a user, logging failures and lockouts; throws 401 or 429. */
  private async checkPassword(
    username: string,
    password: string,
    address: string,
    attempt: string,
  ): Promise<UserRecord> {
    const wait = this.throttle.retryAfterSeconds(username, address);
    if (wait > 0) {
      this.logger.warn({ username, address, attempt, retryAfterSeconds: wait }, "login throttled");
      throw new TooManyLoginAttemptsError(wait);
    }
    const user = await this.users.getUser(username);
    const valid = await verifyPassword(
      password,
      user?.passwordHash ?? unmatchableHash(this.accounts.passwordCost),
    );
    if (user && valid) {
      this.throttle.recordSuccess(username, address);
      return user;
    }
    this.logger.warn({ username, address, attempt, knownUser: Boolean(user) }, "login failed");
    const lockout = this.throttle.recordFailure(username, address);
    if (lockout) this.logger.warn({ username, address, ...lockout }, "login locked");
    throw new AuthenticationError("Wrong username or password", "INVALID_CREDENTIALS");
  }

  private async claimsOf(bearer: string | undefined): Promise<SessionClaims> {
    const m = /^Bearer\s+(\S+)$/i.exec(bearer ?? "");
    if (!m?.[1])
      throw new ValidationError("This needs a session token (Authorization: Bearer), not an API key", {
        field: "authorization",
      });
    return this.tokens.verify(m[1]);
  }

  private async issue(user: UserRecord): Promise<IssuedSession> {
    const { token, expiresIn } = await this.tokens.issue({
      username: user.username,
      roles: user.roles,
      userId: user.userId ?? "",
      tokenGeneration: user.tokenGeneration ?? 0,
    });
    return { token, expiresIn, username: user.username, roles: user.roles };
  }
}
