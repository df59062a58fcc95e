import {
  DescribeSourceServersCommand,
  type DescribeSourceServersRequestFilters,
  type SourceServer as DrsSourceServer,
} from "@aws-sdk/client-drs";
import type { SourceServer, SourceServerCatalog } from "@drso/core";
import type { AwsClientPool } from "./aws-client-pool";
import { chunk } from "./chunk";
import { callWithRetry, type RetryEnvironment, type RetryPolicy } from "./retry-policy";

/** DRS accepts at most 200 ids in the `sourceServerIDs` filter. */
const MAX_IDS_PER_FILTER = 200;

export const toSourceServer = (s: DrsSourceServer, accountId: string, region: string): SourceServer => {
  const hints = s.sourceProperties?.identificationHints;
  const serverId = s.sourceServerID ?? "";
  const launchedAt = s.lifeCycle?.lastLaunch?.initiated?.apiCallDateTime;
  return {
    serverId,
    arn: s.arn,
    hostname: hints?.hostname ?? hints?.fqdn ?? serverId,
    accountId,
    region,
    replicationState: s.dataReplicationInfo?.dataReplicationState ?? "UNKNOWN",
    ...(s.dataReplicationInfo?.lagDuration && { replicationLag: s.dataReplicationInfo.lagDuration }),
    sourceInstanceId: hints?.awsInstanceID,
    tags: s.tags ?? {},
    // Only servers DRS has launched carry these, so the view of a never-launched server is unchanged.
    ...(launchedAt && {
      lastLaunchDate: launchedAt,
      ...(s.lastLaunchResult && { lastLaunchResult: s.lastLaunchResult }),
    }),
  };
};

/** `SourceServerCatalog` over DRS DescribeSourceServers, following `nextToken` to the end. */
export class DrsSourceServerCatalog implements SourceServerCatalog {
  constructor(
    private readonly clients: AwsClientPool,
    private readonly retry: RetryPolicy,
    private readonly retryEnv: RetryEnvironment,
    private readonly pageSize: number,
  ) {}

  listSourceServers(accountId: string, region: string): Promise<SourceServer[]> {
    return this.describe(accountId, region, {});
  }

  async getSourceServers(
    accountId: string,
    region: string,
    serverIds: readonly string[],
  ): Promise<SourceServer[]> {
    const unique = [...new Set(serverIds)];
    const found: SourceServer[] = [];
    for (const ids of chunk(unique, MAX_IDS_PER_FILTER)) {
      found.push(...(await this.describe(accountId, region, { sourceServerIDs: ids })));
    }
    return found;
  }

  private async describe(
    accountId: string,
    region: string,
    filters: DescribeSourceServersRequestFilters,
  ): Promise<SourceServer[]> {
    const client = await this.clients.drs(accountId, region);
    const servers: SourceServer[] = [];
    let nextToken: string | undefined;
    do {
      const page = await callWithRetry(
        {
          service: "drs",
          operation: "DescribeSourceServers",
          send: () =>
            client.send(new DescribeSourceServersCommand({ filters, maxResults: this.pageSize, nextToken })),
        },
        this.retry,
        this.retryEnv,
      );
      for (const item of page.items ?? []) servers.push(toSourceServer(item, accountId, region));
      nextToken = page.nextToken || undefined;
    } while (nextToken);
    return servers;
  }
}
