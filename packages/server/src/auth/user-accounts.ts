import { randomBytes, randomUUID } from "node:crypto";
import {
  type ApiKeyRecord,
  ConflictError,
  NotFoundError,
  type Role,
  type UserRecord,
  type UserStore,
  ValidationError,
} from "@drso/core";
import { auditEntry } from "../audit-entry";
import { generateApiKey } from "./api-key";
import { DEFAULT_PASSWORD_COST, hashPassword } from "./password-hash";

export interface UserAccountsOptions {
  now?: () => Date;
  /** log2 of scrypt's N for new hashes (DRSO_PASSWORD_COST); production default 17. */
  passwordCost?: number;
}

/** Logouts remembered per user; beyond it a logout ends every session of the user instead. */
const MAX_REVOKED_TOKENS = 100;

/** User and API-key administration shared by the first start, the CLI and the API. */
export class UserAccounts {
  private readonly now: () => Date;
  readonly passwordCost: number;

  constructor(
    private readonly users: UserStore,
    options: UserAccountsOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.passwordCost = options.passwordCost ?? DEFAULT_PASSWORD_COST;
  }

  /** Creates a user; without a password one is generated and returned (to be shown once). */
  async addUser(
    username: string,
    role: Role,
    password: string | undefined,
    actor: string,
  ): Promise<{ username: string; password: string; generated: boolean }> {
    if (!/^[A-Za-z0-9_.@-]{1,64}$/.test(username)) {
      throw new ValidationError("Username may contain letters, digits and _ . @ - (at most 64)", {
        username,
      });
    }
    const secret = this.passwordOrGenerated(password);
    await this.users.createUser(
      {
        username,
        roles: [role],
        passwordHash: await hashPassword(secret, this.passwordCost),
        createdDate: this.now().toISOString(),
        userId: randomUUID(),
        tokenGeneration: 0,
      },
      auditEntry(actor, "CreateUser", "user", username, {}, { role }, this.now()),
    );
    return { username, password: secret, generated: password === undefined };
  }

  async removeUser(username: string, actor: string): Promise<void> {
    await this.users.deleteUser(
      username,
      auditEntry(actor, "DeleteUser", "user", username, {}, undefined, this.now()),
    );
  }

  /**
   * Sets a new password (generated when absent, to be shown once) and ends every session of the
   * user: tokens issued before carry the old generation.
   */
  async setPassword(
    username: string,
    password: string | undefined,
    actor: string,
  ): Promise<{ user: UserRecord; password: string; generated: boolean }> {
    const secret = this.passwordOrGenerated(password);
    const passwordHash = await hashPassword(secret, this.passwordCost);
    const user = await this.users.updateUser(
      username,
      (u) => ({
        ...u,
        passwordHash,
        userId: u.userId ?? randomUUID(),
        tokenGeneration: (u.tokenGeneration ?? 0) + 1,
        revokedTokens: [],
      }),
      auditEntry(actor, "ChangePassword", "user", username, {}, undefined, this.now()),
    );
    return { user, password: secret, generated: password === undefined };
  }

  /** Logout: the token `jti` (valid until `exp`, epoch seconds) is refused from now on. */
  async revokeSession(username: string, jti: string, exp: number, actor: string): Promise<void> {
    const nowSeconds = Math.floor(this.now().getTime() / 1000);
    await this.users.updateUser(
      username,
      (u) => {
        const revoked = [...(u.revokedTokens ?? []).filter((t) => t.exp > nowSeconds), { jti, exp }];
        return revoked.length <= MAX_REVOKED_TOKENS
          ? { ...u, revokedTokens: revoked }
          : { ...u, tokenGeneration: (u.tokenGeneration ?? 0) + 1, revokedTokens: [] };
      },
      auditEntry(actor, "Logout", "user", username, {}, undefined, this.now()),
    );
  }

  async createApiKey(
    role: Role,
    name: string,
    actor: string,
    expiresAt?: Date,
  ): Promise<{ record: ApiKeyRecord; key: string }> {
    if (expiresAt && expiresAt.getTime() <= this.now().getTime())
      throw new ValidationError("The expiry must be in the future", { field: "expiresIn" });
    const fresh = generateApiKey();
    const record: ApiKeyRecord = {
      keyId: fresh.keyId,
      name,
      roles: [role],
      secretHash: fresh.secretHash,
      createdDate: this.now().toISOString(),
      createdBy: actor,
      ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}),
    };
    await this.users.createApiKey(
      record,
      auditEntry(
        actor,
        "CreateApiKey",
        "api-key",
        fresh.keyId,
        {},
        { name, role, ...(record.expiresAt ? { expiresAt: record.expiresAt } : {}) },
        this.now(),
      ),
    );
    return { record, key: fresh.key };
  }

  /** Revokes the key with this id, or the one key with this name (refused when several share it). */
  async revokeApiKey(idOrName: string, actor: string): Promise<ApiKeyRecord> {
    const keys = await this.users.listApiKeys();
    const byId = keys.find((k) => k.keyId === idOrName);
    const byName = keys.filter((k) => k.name === idOrName);
    const key = byId ?? (byName.length === 1 ? byName[0] : undefined);
    if (!key && byName.length > 1) {
      throw new ConflictError(
        "AMBIGUOUS_API_KEY",
        `${byName.length} API keys are named '${idOrName}'; revoke one by id: ${byName.map((k) => k.keyId).join(", ")}`,
        { ids: byName.map((k) => k.keyId) },
      );
    }
    if (!key) throw new NotFoundError("API key", idOrName);
    await this.users.deleteApiKey(
      key.keyId,
      auditEntry(actor, "RevokeApiKey", "api-key", key.keyId, {}, { name: key.name }, this.now()),
    );
    return key;
  }

  /**
   * First start: creates `admin` (DRSOrchestrationAdmin) unless it exists. Returns the password when
   * it was generated, so that the caller prints it once.
   */
  async ensureAdmin(password: string | undefined): Promise<{ created: boolean; password?: string }> {
    if (await this.users.getUser("admin")) return { created: false };
    const made = await this.addUser("admin", "DRSOrchestrationAdmin", password, "system");
    return { created: true, ...(made.generated ? { password: made.password } : {}) };
  }

  private passwordOrGenerated(password: string | undefined): string {
    if (password !== undefined && password.length < 8)
      throw new ValidationError("Password must be at least 8 characters", { field: "password" });
    if (password !== undefined && password.length > 256)
      throw new ValidationError("Password must be at most 256 characters", { field: "password" });
    return password ?? randomBytes(12).toString("base64url");
  }
}
