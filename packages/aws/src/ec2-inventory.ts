import {
  DescribeInstanceTypesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  type Filter,
  type Tag,
} from "@aws-sdk/client-ec2";
import { ListInstanceProfilesCommand } from "@aws-sdk/client-iam";
import type { Ec2InstanceType, Ec2Inventory, Ec2SecurityGroup, Ec2Subnet, InstanceProfile } from "@drso/core";
import type { AwsClientPool } from "./aws-client-pool";
import { callWithRetry, type RetryEnvironment, type RetryPolicy } from "./retry-policy";

const nameTag = (tags: Tag[] | undefined): string | undefined => tags?.find((t) => t.Key === "Name")?.Value;
/** EC2 filters for the given values; `undefined` (no filter) when none is set. */
const ec2Filters = (byName: Record<string, string | undefined>): Filter[] | undefined => {
  const filters = Object.entries(byName).flatMap(([Name, value]) =>
    value ? [{ Name, Values: [value] }] : [],
  );
  return filters.length > 0 ? filters : undefined;
};

/** `Ec2Inventory` over EC2 DescribeSubnets/SecurityGroups/InstanceTypes and IAM ListInstanceProfiles. */
export class SdkEc2Inventory implements Ec2Inventory {
  constructor(
    private readonly clients: AwsClientPool,
    private readonly retry: RetryPolicy,
    private readonly retryEnv: RetryEnvironment,
  ) {}

  async listSubnets(
    accountId: string,
    region: string,
    filter?: { vpcId?: string; availabilityZone?: string },
  ): Promise<Ec2Subnet[]> {
    const client = await this.clients.ec2(accountId, region);
    const out: Ec2Subnet[] = [];
    let token: string | undefined;
    do {
      const page = await this.call("ec2", "DescribeSubnets", () =>
        client.send(
          new DescribeSubnetsCommand({
            Filters: ec2Filters({ "vpc-id": filter?.vpcId, "availability-zone": filter?.availabilityZone }),
            NextToken: token,
          }),
        ),
      );
      for (const s of page.Subnets ?? []) {
        if (!s.SubnetId || !s.VpcId) continue;
        out.push({
          subnetId: s.SubnetId,
          vpcId: s.VpcId,
          cidrBlock: s.CidrBlock,
          availabilityZone: s.AvailabilityZone,
          name: nameTag(s.Tags),
        });
      }
      token = page.NextToken || undefined;
    } while (token);
    return out;
  }

  async listSecurityGroups(
    accountId: string,
    region: string,
    filter?: { vpcId?: string },
  ): Promise<Ec2SecurityGroup[]> {
    const client = await this.clients.ec2(accountId, region);
    const out: Ec2SecurityGroup[] = [];
    let token: string | undefined;
    do {
      const page = await this.call("ec2", "DescribeSecurityGroups", () =>
        client.send(
          new DescribeSecurityGroupsCommand({
            Filters: ec2Filters({ "vpc-id": filter?.vpcId }),
            NextToken: token,
          }),
        ),
      );
      for (const g of page.SecurityGroups ?? []) {
        if (!g.GroupId) continue;
        out.push({
          groupId: g.GroupId,
          groupName: g.GroupName ?? g.GroupId,
          vpcId: g.VpcId,
          description: g.Description,
        });
      }
      token = page.NextToken || undefined;
    } while (token);
    return out;
  }

  async listInstanceTypes(accountId: string, region: string): Promise<Ec2InstanceType[]> {
    const client = await this.clients.ec2(accountId, region);
    const out: Ec2InstanceType[] = [];
    let token: string | undefined;
    do {
      const page = await this.call("ec2", "DescribeInstanceTypes", () =>
        client.send(new DescribeInstanceTypesCommand({ NextToken: token })),
      );
      for (const t of page.InstanceTypes ?? []) {
        if (!t.InstanceType) continue;
        out.push({
          instanceType: t.InstanceType,
          vCpus: t.VCpuInfo?.DefaultVCpus,
          memoryMiB: t.MemoryInfo?.SizeInMiB,
          currentGeneration: t.CurrentGeneration,
        });
      }
      token = page.NextToken || undefined;
    } while (token);
    return out.sort((a, b) => a.instanceType.localeCompare(b.instanceType));
  }

  async listInstanceProfiles(accountId: string, region: string): Promise<InstanceProfile[]> {
    const client = await this.clients.iam(accountId, region);
    const out: InstanceProfile[] = [];
    let marker: string | undefined;
    do {
      const page = await this.call("iam", "ListInstanceProfiles", () =>
        client.send(new ListInstanceProfilesCommand({ Marker: marker })),
      );
      for (const p of page.InstanceProfiles ?? []) {
        if (!p.InstanceProfileName || !p.Arn) continue;
        out.push({
          instanceProfileName: p.InstanceProfileName,
          arn: p.Arn,
          roles: (p.Roles ?? []).flatMap((r) => (r.RoleName ? [r.RoleName] : [])),
        });
      }
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    return out;
  }

  private call<T>(service: "ec2" | "iam", operation: string, send: () => Promise<T>): Promise<T> {
    return callWithRetry({ service, operation, send }, this.retry, this.retryEnv);
  }
}
