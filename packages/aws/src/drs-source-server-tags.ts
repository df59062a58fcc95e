import { TagResourceCommand, UntagResourceCommand } from "@aws-sdk/client-drs";
import { DescribeTagsCommand } from "@aws-sdk/client-ec2";
import type { SourceServerTagWriter } from "@drso/core";
import type { AwsClientPool } from "./aws-client-pool";
import { chunk } from "./chunk";
import { callWithRetry, type RetryEnvironment, type RetryPolicy } from "./retry-policy";

/** EC2 caps the values of one filter at 200. */
const MAX_FILTER_VALUES = 200;

/**
 * Tag sync's AWS side: EC2 DescribeTags for the source instances (one call per 200 instances, not
 * one per server) and DRS TagResource/UntagResource on the source servers, in the target account.
 */
export class DrsSourceServerTags implements SourceServerTagWriter {
  constructor(
    private readonly clients: AwsClientPool,
    private readonly retry: RetryPolicy,
    private readonly retryEnv: RetryEnvironment,
  ) {}

  async instanceTags(
    accountId: string,
    region: string,
    instanceIds: readonly string[],
  ): Promise<Map<string, Record<string, string>>> {
    const client = await this.clients.ec2(accountId, region);
    const out = new Map<string, Record<string, string>>();
    for (const ids of chunk([...new Set(instanceIds)], MAX_FILTER_VALUES)) {
      let nextToken: string | undefined;
      do {
        const page = await callWithRetry(
          {
            service: "ec2",
            operation: "DescribeTags",
            send: () =>
              client.send(
                new DescribeTagsCommand({
                  Filters: [
                    { Name: "resource-type", Values: ["instance"] },
                    { Name: "resource-id", Values: ids },
                  ],
                  NextToken: nextToken,
                }),
              ),
          },
          this.retry,
          this.retryEnv,
        );
        for (const t of page.Tags ?? []) {
          if (!t.ResourceId || t.Key === undefined) continue;
          const tags = out.get(t.ResourceId) ?? {};
          tags[t.Key] = t.Value ?? "";
          out.set(t.ResourceId, tags);
        }
        nextToken = page.NextToken;
      } while (nextToken);
    }
    return out;
  }

  async updateSourceServerTags(
    accountId: string,
    region: string,
    serverArn: string,
    set: Record<string, string>,
    remove: readonly string[],
  ): Promise<void> {
    const client = await this.clients.drs(accountId, region);
    if (Object.keys(set).length > 0)
      await callWithRetry(
        {
          service: "drs",
          operation: "TagResource",
          send: () => client.send(new TagResourceCommand({ resourceArn: serverArn, tags: set })),
        },
        this.retry,
        this.retryEnv,
      );
    if (remove.length > 0)
      await callWithRetry(
        {
          service: "drs",
          operation: "UntagResource",
          send: () => client.send(new UntagResourceCommand({ resourceArn: serverArn, tagKeys: [...remove] })),
        },
        this.retry,
        this.retryEnv,
      );
  }
}
