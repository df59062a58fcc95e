import { DrsClient } from "@aws-sdk/client-drs";
import { EC2Client } from "@aws-sdk/client-ec2";
import { IAMClient } from "@aws-sdk/client-iam";
import type { AccountCredentials, AwsEdge } from "./account-credentials";

type ServiceClients = { drs: DrsClient; ec2: EC2Client; iam: IAMClient };
type ClientService = keyof ServiceClients;

/**
 * One SDK client per service × account × region, created on first use and reused (each keeps its
 * own connection pool and memoized credentials). `maxAttempts: 1`: retries belong to `callWithRetry`.
 */
export class AwsClientPool {
  private readonly clients = new Map<string, ServiceClients[ClientService]>();

  constructor(
    private readonly edge: AwsEdge,
    private readonly credentials: AccountCredentials,
  ) {}

  drs(accountId: string, region: string): DrsClient {
    return this.get("drs", accountId, region);
  }

  ec2(accountId: string, region: string): EC2Client {
    return this.get("ec2", accountId, region);
  }

  iam(accountId: string, region: string): IAMClient {
    return this.get("iam", accountId, region);
  }

  get size(): number {
    return this.clients.size;
  }

  destroy(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
  }

  private get<S extends ClientService>(service: S, accountId: string, region: string): ServiceClients[S] {
    const key = `${service}|${accountId}|${region}`;
    let client = this.clients.get(key);
    if (!client) {
      const config = {
        region,
        endpoint: this.edge.endpoint,
        credentials: this.credentials.providerFor(accountId, region),
        maxAttempts: 1,
      };
      client =
        service === "drs"
          ? new DrsClient(config)
          : service === "ec2"
            ? new EC2Client(config)
            : new IAMClient(config);
      this.clients.set(key, client);
    }
    return client as ServiceClients[S];
  }
}
