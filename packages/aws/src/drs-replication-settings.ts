import {
  GetReplicationConfigurationCommand,
  type ReplicationConfiguration,
  UpdateReplicationConfigurationCommand,
} from "@aws-sdk/client-drs";
import type { ReplicationSettings, ReplicationSettingsPort, ServerReplicationSettings } from "@drso/core";
import type { AwsClientPool } from "./aws-client-pool";
import { callWithRetry, type RetryEnvironment, type RetryPolicy } from "./retry-policy";

const toSettings = (serverId: string, c: ReplicationConfiguration): ServerReplicationSettings => ({
  sourceServerId: serverId,
  ...(c.stagingAreaSubnetId && { stagingAreaSubnetId: c.stagingAreaSubnetId }),
  ...(c.bandwidthThrottling !== undefined && { bandwidthThrottling: c.bandwidthThrottling }),
  ...(c.dataPlaneRouting && { dataPlaneRouting: c.dataPlaneRouting }),
  ...(c.createPublicIP !== undefined && { createPublicIP: c.createPublicIP }),
  ...(c.ebsEncryption && { ebsEncryption: c.ebsEncryption }),
  ...(c.defaultLargeStagingDiskType && { defaultLargeStagingDiskType: c.defaultLargeStagingDiskType }),
  ...(c.replicationServerInstanceType && { replicationServerInstanceType: c.replicationServerInstanceType }),
  ...(c.useDedicatedReplicationServer !== undefined && {
    useDedicatedReplicationServer: c.useDedicatedReplicationServer,
  }),
  ...(c.stagingAreaTags && { stagingAreaTags: c.stagingAreaTags }),
  ...(c.pitPolicy && {
    pitPolicy: c.pitPolicy.map((r) => ({
      ruleID: r.ruleID,
      units: r.units ?? "DAY",
      interval: r.interval ?? 1,
      retentionDuration: r.retentionDuration ?? 1,
      enabled: r.enabled ?? true,
    })),
  }),
});

/** `ReplicationSettingsPort` over DRS Get/UpdateReplicationConfiguration. */
export class DrsReplicationSettings implements ReplicationSettingsPort {
  constructor(
    private readonly clients: AwsClientPool,
    private readonly retry: RetryPolicy,
    private readonly retryEnv: RetryEnvironment,
  ) {}

  async getReplicationSettings(accountId: string, region: string, serverId: string) {
    const drs = await this.clients.drs(accountId, region);
    const out = await callWithRetry(
      {
        service: "drs",
        operation: "GetReplicationConfiguration",
        send: () => drs.send(new GetReplicationConfigurationCommand({ sourceServerID: serverId })),
      },
      this.retry,
      this.retryEnv,
    );
    return toSettings(serverId, out);
  }

  async updateReplicationSettings(
    accountId: string,
    region: string,
    serverId: string,
    settings: ReplicationSettings,
  ) {
    const drs = await this.clients.drs(accountId, region);
    const out = await callWithRetry(
      {
        service: "drs",
        operation: "UpdateReplicationConfiguration",
        send: () =>
          drs.send(
            new UpdateReplicationConfigurationCommand({
              sourceServerID: serverId,
              ...settings,
              // The SDK types the instance type as its known list; the inventory validated it.
              replicationServerInstanceType: settings.replicationServerInstanceType,
            }),
          ),
      },
      this.retry,
      this.retryEnv,
    );
    return toSettings(serverId, out);
  }
}
