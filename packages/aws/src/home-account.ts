import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { callWithRetry, DEFAULT_RETRY_POLICY } from "./retry-policy";
import type { AwsEdge } from "./sdk-client-config";
import { sdkClientConfig } from "./sdk-client-config";

/**
 * The account the orchestrator runs in, from STS GetCallerIdentity with the home credentials: the
 * same call answers in AWS mode (default chain) and against the simulator (its home account).
 */
export async function resolveHomeAccountId(edge: AwsEdge, region = "us-east-1"): Promise<string> {
  const sts = new STSClient(sdkClientConfig(edge, region, edge.credentials));
  try {
    const identity = await callWithRetry(
      {
        service: "sts",
        operation: "GetCallerIdentity",
        send: () => sts.send(new GetCallerIdentityCommand({})),
      },
      DEFAULT_RETRY_POLICY,
    );
    if (!identity.Account) throw new Error("STS GetCallerIdentity returned no account");
    return identity.Account;
  } finally {
    sts.destroy();
  }
}
