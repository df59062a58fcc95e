import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { type AccountAccessValidator, AwsServiceError } from "@drso/core";
import type { AccountCredentials } from "./account-credentials";
import { callWithRetry, type RetryEnvironment, type RetryPolicy } from "./retry-policy";
import type { AwsEdge } from "./sdk-client-config";
import { sdkClientConfig } from "./sdk-client-config";

/**
 * STS answers a wrong or missing ExternalId exactly as a role that does not exist or does not trust
 * the caller (AccessDenied, "not authorized to perform: sts:AssumeRole"); the ExternalId is what an
 * operator most often gets wrong, so the message names it first.
 */
function refusalMessage(error: AwsServiceError, roleArn: string): string {
  if (error.operation !== "AssumeRole" || error.kind !== "access-denied") return error.message;
  return `AssumeRole refused: check the ExternalId, and that ${roleArn} exists and trusts this account (${error.message})`;
}

/**
 * Proves cross-account access the way every later call will use it: STS AssumeRole of the
 * account's role with its ExternalId (never from cache), then GetCallerIdentity with the assumed
 * credentials, which must answer from the target account. Failures are results, not exceptions:
 * the operator reads `message` (the STS message, e.g. why AssumeRole was denied).
 */
export class StsAccountAccessValidator implements AccountAccessValidator {
  constructor(
    private readonly edge: AwsEdge,
    private readonly credentials: AccountCredentials,
    private readonly retry: RetryPolicy,
    private readonly retryEnv: RetryEnvironment,
  ) {}

  async validate(account: { accountId: string; roleArn: string; externalId?: string; region: string }) {
    try {
      const assumed = await this.credentials.assumeRoleOnce(account, account.region);
      const sts = new STSClient(sdkClientConfig(this.edge, account.region, assumed));
      try {
        const identity = await callWithRetry(
          {
            service: "sts",
            operation: "GetCallerIdentity",
            send: () => sts.send(new GetCallerIdentityCommand({})),
          },
          this.retry,
          this.retryEnv,
        );
        if (identity.Account !== account.accountId) {
          return {
            ok: false,
            message: `Role ${account.roleArn} acts in account ${identity.Account ?? "unknown"}, not ${account.accountId}`,
            assumedRoleArn: identity.Arn,
          };
        }
        // The role may have changed: later calls must not keep using credentials of the old one.
        this.credentials.invalidate(account.accountId);
        return {
          ok: true,
          message: `Assumed ${account.roleArn} in ${account.region} as ${identity.Arn ?? assumed.assumedRoleArn}`,
          assumedRoleArn: identity.Arn ?? assumed.assumedRoleArn,
        };
      } finally {
        sts.destroy();
      }
    } catch (error) {
      if (error instanceof AwsServiceError)
        return { ok: false, message: refusalMessage(error, account.roleArn) };
      throw error;
    }
  }
}
