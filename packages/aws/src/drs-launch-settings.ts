import {
  GetLaunchConfigurationCommand,
  type LaunchConfiguration,
  UpdateLaunchConfigurationCommand,
} from "@aws-sdk/client-drs";
import {
  CreateLaunchTemplateVersionCommand,
  DescribeLaunchTemplateVersionsCommand,
  type LaunchTemplateInstanceNetworkInterfaceSpecificationRequest,
  ModifyLaunchTemplateCommand,
  type ResponseLaunchTemplateData,
} from "@aws-sdk/client-ec2";
import type {
  LaunchSettings,
  LaunchSettingsPort,
  LaunchTemplateSettings,
  ServerLaunchSettings,
} from "@drso/core";
import type { AwsClientPool } from "./aws-client-pool";
import { callWithRetry, type RetryEnvironment, type RetryPolicy } from "./retry-policy";

const fromTemplate = (data: ResponseLaunchTemplateData | undefined): LaunchTemplateSettings => {
  const nic = data?.NetworkInterfaces?.find((n) => (n.DeviceIndex ?? 0) === 0);
  const groups = nic?.Groups ?? data?.SecurityGroupIds;
  return {
    ...(data?.InstanceType && { instanceType: data.InstanceType }),
    ...(nic?.SubnetId && { subnetId: nic.SubnetId }),
    ...(groups && groups.length > 0 && { securityGroupIds: groups }),
    ...(nic?.PrivateIpAddress && { privateIpAddress: nic.PrivateIpAddress }),
    ...(data?.IamInstanceProfile?.Name && { iamInstanceProfileName: data.IamInstanceProfile.Name }),
  };
};

const fromDrs = (c: LaunchConfiguration): ServerLaunchSettings["launchConfiguration"] => ({
  launchDisposition: c.launchDisposition ?? "STARTED",
  targetInstanceTypeRightSizingMethod: c.targetInstanceTypeRightSizingMethod ?? "NONE",
  copyPrivateIp: c.copyPrivateIp ?? false,
  copyTags: c.copyTags ?? false,
  licensing: { osByol: c.licensing?.osByol ?? false },
  postLaunchEnabled: c.postLaunchEnabled ?? false,
});

/**
 * `LaunchSettingsPort` over DRS Get/UpdateLaunchConfiguration and the EC2 launch template DRS
 * keeps per server: an EC2 change is written as a new template version made the default, which
 * is what DRS launches from (and keeps the previous version to roll back to).
 */
export class DrsLaunchSettings implements LaunchSettingsPort {
  constructor(
    private readonly clients: AwsClientPool,
    private readonly retry: RetryPolicy,
    private readonly retryEnv: RetryEnvironment,
  ) {}

  async getLaunchSettings(
    accountId: string,
    region: string,
    serverId: string,
  ): Promise<ServerLaunchSettings> {
    const drs = await this.clients.drs(accountId, region);
    const config = await this.call("drs", "GetLaunchConfiguration", () =>
      drs.send(new GetLaunchConfigurationCommand({ sourceServerID: serverId })),
    );
    const templateId = config.ec2LaunchTemplateID;
    let launchTemplate: LaunchTemplateSettings = {};
    if (templateId) {
      const ec2 = await this.clients.ec2(accountId, region);
      const out = await this.call("ec2", "DescribeLaunchTemplateVersions", () =>
        ec2.send(
          new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: templateId, Versions: ["$Default"] }),
        ),
      );
      launchTemplate = fromTemplate(out.LaunchTemplateVersions?.[0]?.LaunchTemplateData);
    }
    return {
      sourceServerId: serverId,
      ...(templateId && { launchTemplateId: templateId }),
      launchConfiguration: fromDrs(config),
      launchTemplate,
    };
  }

  async updateLaunchSettings(
    accountId: string,
    region: string,
    serverId: string,
    settings: LaunchSettings,
  ): Promise<ServerLaunchSettings> {
    const lc = settings.launchConfiguration;
    if (lc && Object.values(lc).some((v) => v !== undefined)) {
      const drs = await this.clients.drs(accountId, region);
      await this.call("drs", "UpdateLaunchConfiguration", () =>
        drs.send(new UpdateLaunchConfigurationCommand({ sourceServerID: serverId, ...lc })),
      );
    }
    const lt = settings.launchTemplate;
    if (lt && Object.values(lt).some((v) => v !== undefined)) {
      const current = await this.getLaunchSettings(accountId, region, serverId);
      const templateId = current.launchTemplateId;
      if (!templateId) throw new Error(`source server ${serverId} has no EC2 launch template`);
      const merged = { ...current.launchTemplate, ...lt };
      const nic: LaunchTemplateInstanceNetworkInterfaceSpecificationRequest = {
        DeviceIndex: 0,
        SubnetId: merged.subnetId,
        Groups: merged.securityGroupIds,
        PrivateIpAddress: merged.privateIpAddress,
      };
      const ec2 = await this.clients.ec2(accountId, region);
      const created = await this.call("ec2", "CreateLaunchTemplateVersion", () =>
        ec2.send(
          new CreateLaunchTemplateVersionCommand({
            LaunchTemplateId: templateId,
            SourceVersion: "$Default",
            LaunchTemplateData: {
              InstanceType: merged.instanceType as never, // a string the inventory validated; the SDK types it as a closed union
              ...(merged.iamInstanceProfileName && {
                IamInstanceProfile: { Name: merged.iamInstanceProfileName },
              }),
              NetworkInterfaces: [nic],
            },
          }),
        ),
      );
      const version = created.LaunchTemplateVersion?.VersionNumber;
      await this.call("ec2", "ModifyLaunchTemplate", () =>
        ec2.send(
          new ModifyLaunchTemplateCommand({ LaunchTemplateId: templateId, DefaultVersion: String(version) }),
        ),
      );
    }
    return this.getLaunchSettings(accountId, region, serverId);
  }

  private call<T>(service: "drs" | "ec2", operation: string, send: () => Promise<T>): Promise<T> {
    return callWithRetry({ service, operation, send }, this.retry, this.retryEnv);
  }
}
