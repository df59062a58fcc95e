import type { SeededRandom } from "./seeded-random";

/** Access keys of the home account (the account the orchestrator runs in). Signatures are not verified. */
export const SIMULATOR_CREDENTIALS = {
  accessKeyId: "AKIADRSOSIMHOME00001",
  secretAccessKey: "drsoSimulatorHomeSecretAccessKey00000000",
} as const;

/** Who is calling: the account the request acts in and the principal's ARN. */
export interface CallerIdentity {
  accessKeyId: string;
  accountId: string;
  arn: string;
  userId: string;
}

/** The SigV4 credential scope: `Credential=AKID/DATE/REGION/SERVICE/aws4_request`. */
export interface CredentialScope {
  accessKeyId: string;
  region: string;
  service: string;
}

export function credentialScope(
  authorization: string | undefined,
  query: URLSearchParams,
): CredentialScope | undefined {
  const credential =
    /Credential=([^,\s]+)/.exec(authorization ?? "")?.[1] ?? query.get("X-Amz-Credential") ?? undefined;
  if (!credential) return undefined;
  const [accessKeyId, , region, service] = credential.split("/");
  if (!accessKeyId || !region || !service) return undefined;
  return { accessKeyId, region, service };
}

export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiresAt: number;
  identity: CallerIdentity;
}

export type ResolvedCaller =
  | { kind: "ok"; identity: CallerIdentity }
  | { kind: "expired"; expiredAt: number };

/**
 * Maps access keys to identities. The home keys act in the home account; keys issued by AssumeRole
 * act in the role's account until they expire. Unknown keys are treated as the home account so
 * that `aws --endpoint-url` works with whatever keys the shell has.
 */
export class CredentialStore {
  private readonly issued = new Map<string, IssuedCredentials>();

  constructor(private homeAccountId: string) {}

  setHomeAccount(accountId: string): void {
    this.homeAccountId = accountId;
  }

  resolve(accessKeyId: string | undefined, now: number): ResolvedCaller {
    const issued = accessKeyId === undefined ? undefined : this.issued.get(accessKeyId);
    if (issued) {
      return now >= issued.expiresAt
        ? { kind: "expired", expiredAt: issued.expiresAt }
        : { kind: "ok", identity: issued.identity };
    }
    return {
      kind: "ok",
      identity: {
        accessKeyId: accessKeyId ?? SIMULATOR_CREDENTIALS.accessKeyId,
        accountId: this.homeAccountId,
        arn: `arn:aws:iam::${this.homeAccountId}:user/drso-operator`,
        userId: "AIDADRSOSIMOPERATOR1",
      },
    };
  }

  issue(args: {
    accountId: string;
    roleName: string;
    sessionName: string;
    durationSeconds: number;
    now: number;
    rng: SeededRandom;
  }): IssuedCredentials {
    const roleId = `AROA${args.rng.alnum(17)}`;
    const credentials: IssuedCredentials = {
      accessKeyId: `ASIA${args.rng.alnum(16)}`,
      secretAccessKey: args.rng.alnum(40),
      sessionToken: `FwoGZXIvYXdzE${args.rng.alnum(200)}`,
      expiresAt: args.now + args.durationSeconds * 1000,
      identity: {
        accessKeyId: "",
        accountId: args.accountId,
        arn: `arn:aws:sts::${args.accountId}:assumed-role/${args.roleName}/${args.sessionName}`,
        userId: `${roleId}:${args.sessionName}`,
      },
    };
    credentials.identity.accessKeyId = credentials.accessKeyId;
    this.issued.set(credentials.accessKeyId, credentials);
    return credentials;
  }

  clear(): void {
    this.issued.clear();
  }

  /** Every issued credential still valid at `now` (what a restarted simulator must still honour). */
  saved(now: number): IssuedCredentials[] {
    return [...this.issued.values()].filter((c) => c.expiresAt > now);
  }

  load(credentials: readonly IssuedCredentials[]): void {
    for (const c of credentials) this.issued.set(c.accessKeyId, c);
  }
}
