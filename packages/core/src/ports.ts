import type { Actor, AuditEntry } from "./audit";
import type { Page, PageRequest } from "./common";
import type { Role } from "./permissions";
import type { ProtectionGroup } from "./protection-group";
import type { RecoveryPlan } from "./recovery-plan";
import type { Settings } from "./settings";
import type { SourceServer } from "./source-server";
import type { TargetAccount } from "./target-account";

/**
 * Ports: what the domain needs from the outside world. Adapters live in `server` (SQLite),
 * `aws` (DRS/EC2/STS over SDK v3, DynamoDB) and tests (in-memory). Core never does I/O itself.
 */

/** DRS source servers of one account/region (DescribeSourceServers in production and simulator). */
export interface SourceServerCatalog {
  listSourceServers(accountId: string, region: string): Promise<SourceServer[]>;
  /** The servers among `serverIds` that exist; missing ids are simply absent from the result. */
  getSourceServers(accountId: string, region: string, serverIds: readonly string[]): Promise<SourceServer[]>;
}

export interface UserRecord {
  username: string;
  roles: Role[];
  passwordHash: string;
  createdDate: string;
  /**
   * Random at creation and carried in every session token: a user removed and created again under
   * the same name is another user, whose old tokens do not work. Records made before it existed get
   * one at their next login.
   */
  userId?: string;
  /** Raised by a password change: tokens issued under an older generation stop working. */
  tokenGeneration?: number;
  /** Tokens ended by logout (`jti` and expiry in epoch seconds), kept until they would expire anyway. */
  revokedTokens?: { jti: string; exp: number }[];
}

export interface ApiKeyRecord {
  keyId: string;
  name: string;
  roles: Role[];
  /** Hash of the secret; the secret itself is shown once at creation. */
  secretHash: string;
  createdDate: string;
  createdBy: string;
  /** After this instant the key is refused; absent: it does not expire. */
  expiresAt?: string;
  /** Last request made with the key (recorded at most once a minute). */
  lastUsedAt?: string;
}

/**
 * Every write takes the audit entry to store in the same transaction, and every rule that spans
 * records (unique names, one server per group, delete-while-referenced, stale version) is checked
 * inside that transaction so concurrent requests cannot break it. Violations throw ConflictError
 * (or NotFoundError); nothing is written then.
 */
export interface ConfigStore {
  listProtectionGroups(page: PageRequest): Promise<Page<ProtectionGroup>>;
  getProtectionGroup(groupId: string): Promise<ProtectionGroup | undefined>;
  /** Refuses a case-insensitive duplicate name, or an explicit server already in another group (naming it). */
  createProtectionGroup(group: ProtectionGroup, audit: AuditEntry): Promise<void>;
  /** As create, plus: `group.version` must be `expectedVersion + 1`, refused when stale. */
  updateProtectionGroup(group: ProtectionGroup, expectedVersion: number, audit: AuditEntry): Promise<void>;
  /** Refused while a recovery plan references the group (naming the plans). */
  deleteProtectionGroup(groupId: string, audit: AuditEntry): Promise<void>;

  listRecoveryPlans(page: PageRequest): Promise<Page<RecoveryPlan>>;
  getRecoveryPlan(planId: string): Promise<RecoveryPlan | undefined>;
  /** Refuses a duplicate name, or waves that reference a group that no longer exists. */
  createRecoveryPlan(plan: RecoveryPlan, audit: AuditEntry): Promise<void>;
  updateRecoveryPlan(plan: RecoveryPlan, expectedVersion: number, audit: AuditEntry): Promise<void>;
  deleteRecoveryPlan(planId: string, audit: AuditEntry): Promise<void>;

  listTargetAccounts(): Promise<TargetAccount[]>;
  getTargetAccount(accountId: string): Promise<TargetAccount | undefined>;
  createTargetAccount(account: TargetAccount, audit: AuditEntry): Promise<void>;
  updateTargetAccount(account: TargetAccount, expectedVersion: number, audit: AuditEntry): Promise<void>;
  deleteTargetAccount(accountId: string, audit: AuditEntry): Promise<void>;

  getSettings(): Promise<Settings>;
  updateSettings(settings: Settings, expectedVersion: number, audit: AuditEntry): Promise<void>;

  /**
   * All-or-nothing import (`POST /config/import`): upserts the bundle's accounts, then groups, then
   * plans by id under the same rules as single writes (a record that exists gets version + 1, a new
   * one version 1). Any violation throws and nothing is written.
   */
  importConfig(bundle: ConfigBundle, audit: AuditEntry): Promise<void>;

  /**
   * Records a change made outside this store — in DRS or EC2, a notification sent, an action on an
   * execution — after it happened. A change to the store's own records passes its entry to the
   * write instead, which commits both in one transaction.
   */
  recordAudit(entry: AuditEntry): Promise<void>;

  /** Newest first. */
  listAudit(page: PageRequest & { resourceId?: string }): Promise<Page<AuditEntry>>;
}

/** What `GET /config/export` returns and `POST /config/import` takes. */
export interface ConfigBundle {
  protectionGroups: ProtectionGroup[];
  recoveryPlans: RecoveryPlan[];
  targetAccounts: TargetAccount[];
}

export interface UserStore {
  getUser(username: string): Promise<UserRecord | undefined>;
  listUsers(): Promise<UserRecord[]>;
  createUser(user: UserRecord, audit: AuditEntry): Promise<void>;
  deleteUser(username: string, audit: AuditEntry): Promise<void>;
  getApiKey(keyId: string): Promise<ApiKeyRecord | undefined>;
  listApiKeys(): Promise<ApiKeyRecord[]>;
  createApiKey(key: ApiKeyRecord, audit: AuditEntry): Promise<void>;
  /**
   * Read-modify-write of one user, atomic against concurrent updates of the same user. `change`
   * may run more than once (on a race) and must not have side effects. The audit entry is absent for
   * bookkeeping nobody asked for (a hash upgraded at login). Throws NotFoundError when the user is gone.
   */
  updateUser(
    username: string,
    change: (current: UserRecord) => UserRecord,
    audit: AuditEntry | undefined,
  ): Promise<UserRecord>;
  /** Revokes a key: it is refused from then on. NotFoundError when there is no such key. */
  deleteApiKey(keyId: string, audit: AuditEntry): Promise<void>;
  /** Records use of a key (no audit entry: it is not a change anybody made). Ignores an absent key. */
  touchApiKey(keyId: string, lastUsedAt: string): Promise<void>;
}

/** Current time, injected so that tests use a fake clock. */
export interface Clock {
  now(): Date;
}

export type { Actor };
