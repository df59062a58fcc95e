import { DrsClient } from "@aws-sdk/client-drs";
import { EC2Client } from "@aws-sdk/client-ec2";
import { IAMClient } from "@aws-sdk/client-iam";
import type { AccountCredentials } from "./account-credentials";
import type { AwsEdge } from "./sdk-client-config";
import { sdkClientConfig } from "./sdk-client-config";

type ServiceClients = { drs: DrsClient; ec2: EC2Client; iam: IAMClient };
type ClientService = keyof ServiceClients;
interface PooledClient {
  /** Role ARN + ExternalId the client's credentials come from; a change replaces the client. */
  fingerprint: string;
  client: ServiceClients[ClientService];
}

/**
 * One SDK client per service × account × region, created on first use and reused (each keeps its
 * own connection pool and memoized credentials). `maxAttempts: 1`: retries belong to `callWithRetry`.
 * The SDK memoizes a client's credentials until they near expiry, so when a target account's role or
 * ExternalId changes the pool replaces its clients instead of letting them act with the old role.
 */
export class AwsClientPool {
  private readonly clients = new Map<string, PooledClient>();

  constructor(
    private readonly edge: AwsEdge,
    private readonly credentials: AccountCredentials,
  ) {}

  drs(accountId: string, region: string): Promise<DrsClient> {
    return this.get("drs", accountId, region);
  }

  ec2(accountId: string, region: string): Promise<EC2Client> {
    return this.get("ec2", accountId, region);
  }

  iam(accountId: string, region: string): Promise<IAMClient> {
    return this.get("iam", accountId, region);
  }

  get size(): number {
    return this.clients.size;
  }

  destroy(): void {
    for (const { client } of this.clients.values()) client.destroy();
    this.clients.clear();
  }

  private async get<S extends ClientService>(
    service: S,
    accountId: string,
    region: string,
  ): Promise<ServiceClients[S]> {
    const role = await this.credentials.roleOf(accountId);
    const fingerprint = role ? `${role.roleArn}|${role.externalId ?? ""}` : "home";
    const key = `${service}|${accountId}|${region}`;
    const pooled = this.clients.get(key);
    if (pooled?.fingerprint === fingerprint) return pooled.client as ServiceClients[S];
    pooled?.client.destroy();
    const config = sdkClientConfig(this.edge, region, this.credentials.providerFor(role, region));
    const client =
      service === "drs"
        ? new DrsClient(config)
        : service === "ec2"
          ? new EC2Client(config)
          : new IAMClient(config);
    this.clients.set(key, { fingerprint, client });
    return client as ServiceClients[S];
  }
}
