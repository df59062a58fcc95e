import type { CallerIdentity, CredentialStore } from "../caller-identity";
import { intParam, QueryError } from "../query/query-params";
import type { XmlValue } from "../query/xml";
import { iso } from "../sim-clock";
import type { World } from "../world";

export interface StsCall {
  sim: World;
  credentials: CredentialStore;
  caller: CallerIdentity;
  now: number;
  params: URLSearchParams;
}

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)$/;

/** STS operations (query protocol); each returns the children of `<ActionResult>`. */
export const STS_OPERATIONS: Record<string, (call: StsCall) => Record<string, XmlValue>> = {
  GetCallerIdentity({ caller }) {
    return { UserId: caller.userId, Account: caller.accountId, Arn: caller.arn };
  },

  AssumeRole({ sim, credentials, caller, now, params }) {
    const roleArn = params.get("RoleArn");
    const sessionName = params.get("RoleSessionName");
    if (!roleArn)
      throw new QueryError(
        "ValidationError",
        "1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null",
      );
    if (!sessionName || !/^[\w+=,.@-]{2,64}$/.test(sessionName))
      throw new QueryError(
        "ValidationError",
        "1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint: Member must have length between 2 and 64 and match [\\w+=,.@-]*",
      );
    const durationSeconds = intParam(params, "DurationSeconds", 900, 43_200) ?? 3600;
    const match = ROLE_ARN.exec(roleArn);
    if (!match) throw new QueryError("ValidationError", `${roleArn} is not a valid role ARN`);
    const [, accountId = "", roleName = ""] = match;
    const role = sim.accounts.get(accountId)?.crossAccountRole;
    const denied = new QueryError(
      "AccessDenied",
      `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      403,
    );
    // A role that does not exist and a trust policy that refuses look the same to the caller.
    if (!role || role.roleName !== roleName) throw denied;
    if (role.externalId !== undefined && params.get("ExternalId") !== role.externalId) throw denied;
    // The simulated roles allow the default maximum session duration of one hour.
    if (durationSeconds > 3600)
      throw new QueryError(
        "ValidationError",
        "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
      );
    const issued = credentials.issue({
      accountId,
      roleName,
      sessionName,
      durationSeconds,
      now,
      rng: sim.rng,
    });
    return {
      Credentials: {
        AccessKeyId: issued.accessKeyId,
        SecretAccessKey: issued.secretAccessKey,
        SessionToken: issued.sessionToken,
        Expiration: iso(issued.expiresAt),
      },
      AssumedRoleUser: { AssumedRoleId: issued.identity.userId, Arn: issued.identity.arn },
      PackedPolicySize: 6,
    };
  },
};
