import { DrsClient } from "@aws-sdk/client-drs";
import { EC2Client } from "@aws-sdk/client-ec2";
import { STSClient } from "@aws-sdk/client-sts";
import { type RunningSimulator, SIMULATOR_CREDENTIALS } from "../src/index";

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

/** Real SDK v3 clients pointed at the simulator, exactly as the product configures them. */
export function sdkClients(
  sim: RunningSimulator,
  region = "us-east-1",
  options: { credentials?: Credentials; maxAttempts?: number } = {},
) {
  const config = {
    endpoint: sim.endpoint,
    region,
    credentials: options.credentials ?? SIMULATOR_CREDENTIALS,
    maxAttempts: options.maxAttempts ?? 3,
  };
  return { drs: new DrsClient(config), ec2: new EC2Client(config), sts: new STSClient(config) };
}

/** A fleet of `count` healthy servers in one account-region (plus the target account, unused). */
export function flatFleet(count: number, overrides: { maxReplicatingServers?: number } = {}) {
  return {
    accounts: [
      {
        accountId: "111111111111",
        quotas: { maxReplicatingServers: overrides.maxReplicatingServers ?? Math.max(300, count) },
        regions: [
          {
            region: "us-east-1",
            servers: Array.from({ length: count }, (_, i) => ({
              hostname: `host-${String(i).padStart(4, "0")}`,
              tags: { Application: `App${i % 5}`, Tier: ["web", "app", "database"][i % 3] ?? "app" },
            })),
          },
        ],
      },
    ],
  };
}
