import { DescribeInstanceStatusCommand } from "@aws-sdk/client-ec2";
import { AwsServiceError, type InstanceHealthObservation, type InstanceHealthProbe } from "@drso/core";
import type { AwsClientPool } from "./aws-client-pool";
import { chunk } from "./chunk";
import { callWithRetry, type RetryEnvironment, type RetryPolicy } from "./retry-policy";

/** EC2 accepts at most 100 explicit instance ids per DescribeInstanceStatus call. */
export const MAX_INSTANCE_IDS_PER_CALL = 100;

/** The ids EC2 names in `InvalidInstanceID.NotFound` ("The instance IDs 'i-1, i-2' do not exist"). */
export const missingInstanceIds = (message: string): string[] => message.match(/i-[0-9a-f]+/g) ?? [];

/**
 * `InstanceHealthProbe` over EC2 DescribeInstanceStatus with IncludeAllInstances (so pending and
 * stopped instances are reported too). EC2 fails the whole call when one id is unknown; the probe
 * drops the ids it names and asks again, so unknown ids are simply absent from the result.
 */
export class Ec2InstanceHealthProbe implements InstanceHealthProbe {
  constructor(
    private readonly clients: AwsClientPool,
    private readonly retry: RetryPolicy,
    private readonly retryEnv: RetryEnvironment,
  ) {}

  async describeInstanceHealth(
    accountId: string,
    region: string,
    ec2InstanceIds: readonly string[],
  ): Promise<InstanceHealthObservation[]> {
    const out: InstanceHealthObservation[] = [];
    for (const ids of chunk([...new Set(ec2InstanceIds)], MAX_INSTANCE_IDS_PER_CALL)) {
      out.push(...(await this.batch(accountId, region, ids)));
    }
    return out;
  }

  private async batch(
    accountId: string,
    region: string,
    ids: string[],
  ): Promise<InstanceHealthObservation[]> {
    const client = await this.clients.ec2(accountId, region);
    let remaining = ids;
    while (remaining.length > 0) {
      try {
        const out: InstanceHealthObservation[] = [];
        let nextToken: string | undefined;
        do {
          const page = await callWithRetry(
            {
              service: "ec2",
              operation: "DescribeInstanceStatus",
              send: () =>
                client.send(
                  new DescribeInstanceStatusCommand({
                    InstanceIds: remaining,
                    IncludeAllInstances: true,
                    NextToken: nextToken,
                  }),
                ),
            },
            this.retry,
            this.retryEnv,
          );
          for (const s of page.InstanceStatuses ?? []) {
            if (!s.InstanceId) continue;
            out.push({
              ec2InstanceId: s.InstanceId,
              state: s.InstanceState?.Name ?? "unknown",
              instanceStatus: s.InstanceStatus?.Status ?? "not-applicable",
              systemStatus: s.SystemStatus?.Status ?? "not-applicable",
            });
          }
          nextToken = page.NextToken || undefined;
        } while (nextToken);
        return out;
      } catch (error) {
        const missing =
          error instanceof AwsServiceError && error.kind === "not-found" ? missingIn(error, remaining) : [];
        if (missing.length === 0) throw error;
        remaining = remaining.filter((id) => !missing.includes(id));
      }
    }
    return [];
  }
}

const missingIn = (error: AwsServiceError, asked: readonly string[]): string[] => {
  const cause = error.cause instanceof Error ? error.cause.message : error.message;
  return missingInstanceIds(cause).filter((id) => asked.includes(id));
};
