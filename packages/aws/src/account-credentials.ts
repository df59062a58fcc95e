import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { NotFoundError, type TargetAccount } from "@drso/core";
import type { RetryEnvironment, RetryPolicy } from "./retry-policy";
import { callWithRetry } from "./retry-policy";
import { type AwsCredentials, type AwsEdge, sdkClientConfig } from "./sdk-client-config";

/** How a target account is reached: its cross-account role and optional ExternalId. */
export type AccountRole = Pick<TargetAccount, "accountId" | "roleArn" | "externalId">;

export const ROLE_SESSION_NAME = "drs-orchestrator";
/** Temporary credentials are refreshed this long before they expire, so no call uses a stale one. */
export const CREDENTIAL_REFRESH_MARGIN_MS = 5 * 60_000;
const ASSUME_ROLE_DURATION_SECONDS = 3600;
/** How long a read of the target accounts is reused; a role or ExternalId change applies after at most this. */
export const TARGET_ACCOUNTS_TTL_MS = 5_000;

type CredentialProvider = () => Promise<AwsCredentials>;

interface CachedCredentials {
  key: string;
  promise: Promise<AwsCredentials>;
}

/**
 * Credentials per account: the home account uses the edge credentials (or the default chain);
 * every other account assumes its target account's role with its ExternalId. Assumed credentials
 * are cached per account and refreshed `CREDENTIAL_REFRESH_MARGIN_MS` before expiry; concurrent
 * callers share one AssumeRole call.
 */
export class AccountCredentials {
  private readonly cache = new Map<string, CachedCredentials>();
  private readonly stsClients = new Map<string, STSClient>();
  private targets: { readAt: number; list: Promise<TargetAccount[]> } | undefined;

  constructor(
    private readonly edge: AwsEdge,
    private readonly homeAccountId: string,
    private readonly targetAccounts: () => Promise<TargetAccount[]>,
    private readonly retry: RetryPolicy,
    private readonly retryEnv: RetryEnvironment,
    private readonly now: () => number = Date.now,
  ) {}

  /** The role to assume for `accountId`, or `undefined` for the home account (edge credentials). */
  async roleOf(accountId: string): Promise<AccountRole | undefined> {
    if (accountId === this.homeAccountId) return undefined;
    // An account missing from a cached list may have just been added: read again before refusing.
    const account =
      (await this.targetList(false)).find((a) => a.accountId === accountId) ??
      (await this.targetList(true)).find((a) => a.accountId === accountId);
    if (!account) throw new NotFoundError("Target account", accountId);
    return account;
  }

  /**
   * The target accounts, read at most every `TARGET_ACCOUNTS_TTL_MS`: every adapter call asks for
   * its account's role, and in AWS mode the list comes from DynamoDB.
   */
  private targetList(fresh: boolean): Promise<TargetAccount[]> {
    const cached = this.targets;
    if (!fresh && cached && this.now() - cached.readAt < TARGET_ACCOUNTS_TTL_MS) return cached.list;
    const list = this.targetAccounts();
    this.targets = { readAt: this.now(), list };
    list.catch(() => {
      if (this.targets?.list === list) this.targets = undefined;
    });
    return list;
  }

  /** A provider for SDK clients acting with `role` (from `roleOf`); `undefined`: the edge credentials. */
  providerFor(
    role: AccountRole | undefined,
    region: string,
  ): CredentialProvider | AwsCredentials | undefined {
    if (!role) return this.edge.credentials;
    return () => this.assumed(role, region);
  }

  /** AssumeRole for `role` (cached); the region only picks the regional STS endpoint. */
  assumed(role: AccountRole, region: string): Promise<AwsCredentials> {
    const key = `${role.accountId}|${role.roleArn}|${role.externalId ?? ""}`;
    const cached = this.cache.get(role.accountId);
    if (cached && cached.key === key) {
      const fresh = cached.promise.then((c) =>
        c.expiration && c.expiration.getTime() - this.now() > CREDENTIAL_REFRESH_MARGIN_MS ? c : undefined,
      );
      // When stale, the first caller refreshes; callers that arrive meanwhile share its AssumeRole.
      return fresh.then(
        (c) =>
          c ??
          (this.cache.get(role.accountId) === cached
            ? this.refresh(role, key, region)
            : this.assumed(role, region)),
      );
    }
    return this.refresh(role, key, region);
  }

  /** One AssumeRole without caching: what account validation must prove every time. */
  async assumeRoleOnce(
    role: AccountRole,
    region: string,
  ): Promise<AwsCredentials & { assumedRoleArn?: string }> {
    const response = await callWithRetry(
      {
        service: "sts",
        operation: "AssumeRole",
        send: () =>
          this.sts(region).send(
            new AssumeRoleCommand({
              RoleArn: role.roleArn,
              RoleSessionName: ROLE_SESSION_NAME,
              ExternalId: role.externalId,
              DurationSeconds: ASSUME_ROLE_DURATION_SECONDS,
            }),
          ),
      },
      this.retry,
      this.retryEnv,
    );
    const c = response.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) {
      throw new Error(`STS AssumeRole of ${role.roleArn} returned no credentials`);
    }
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration: c.Expiration ?? new Date(this.now() + ASSUME_ROLE_DURATION_SECONDS * 1000),
      assumedRoleArn: response.AssumedRoleUser?.Arn,
    };
  }

  /** Forget cached credentials of an account, e.g. after its role or ExternalId changed. */
  invalidate(accountId: string): void {
    this.cache.delete(accountId);
  }

  destroy(): void {
    for (const client of this.stsClients.values()) client.destroy();
    this.stsClients.clear();
  }

  private refresh(role: AccountRole, key: string, region: string): Promise<AwsCredentials> {
    const promise = this.assumeRoleOnce(role, region);
    this.cache.set(role.accountId, { key, promise });
    // A failed AssumeRole must not be cached: the next call tries again.
    promise.catch(() => {
      if (this.cache.get(role.accountId)?.promise === promise) this.cache.delete(role.accountId);
    });
    return promise;
  }

  /** STS calls are made with the home account's credentials. */
  private sts(region: string): STSClient {
    let client = this.stsClients.get(region);
    if (!client) {
      client = new STSClient(sdkClientConfig(this.edge, region, this.edge.credentials));
      this.stsClients.set(region, client);
    }
    return client;
  }
}
