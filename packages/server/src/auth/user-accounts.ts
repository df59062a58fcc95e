import { randomBytes } from "node:crypto";
import { type ApiKeyRecord, type Role, type UserStore, ValidationError } from "@drso/core";
import { auditEntry } from "../audit-entry";
import { generateApiKey } from "./api-key";
import { hashPassword } from "./password-hash";

/** User and API-key administration shared by the first start, the CLI and the API. */
export class UserAccounts {
  constructor(
    private readonly users: UserStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

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
    if (password !== undefined && password.length < 8) {
      throw new ValidationError("Password must be at least 8 characters", { field: "password" });
    }
    const secret = password ?? randomBytes(12).toString("base64url");
    await this.users.createUser(
      {
        username,
        roles: [role],
        passwordHash: await hashPassword(secret),
        createdDate: this.now().toISOString(),
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

  async createApiKey(
    role: Role,
    name: string,
    actor: string,
  ): Promise<{ record: ApiKeyRecord; key: string }> {
    const fresh = generateApiKey();
    const record: ApiKeyRecord = {
      keyId: fresh.keyId,
      name,
      roles: [role],
      secretHash: fresh.secretHash,
      createdDate: this.now().toISOString(),
      createdBy: actor,
    };
    await this.users.createApiKey(
      record,
      auditEntry(actor, "CreateApiKey", "api-key", fresh.keyId, {}, { name, role }, this.now()),
    );
    return { record, key: fresh.key };
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
}
