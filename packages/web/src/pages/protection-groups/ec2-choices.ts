import { api, itemsOf } from "../../api/api-client";

/** What the launch-settings pickers offer: the EC2 resources of the group's account-region. */

export interface SubnetChoice {
  subnetId: string;
  vpcId: string;
  cidrBlock?: string;
  availabilityZone?: string;
  name?: string;
}
export interface SecurityGroupChoice {
  groupId: string;
  groupName: string;
  vpcId?: string;
  description?: string;
}
export interface InstanceTypeChoice {
  instanceType: string;
  vCpus?: number;
  memoryMiB?: number;
}
export interface InstanceProfileChoice {
  instanceProfileName: string;
  arn: string;
}

export interface Ec2Choices {
  subnets: SubnetChoice[];
  securityGroups: SecurityGroupChoice[];
  instanceTypes: InstanceTypeChoice[];
  instanceProfiles: InstanceProfileChoice[];
}

const scope = (accountId: string, region: string) =>
  `accountId=${encodeURIComponent(accountId)}&region=${encodeURIComponent(region)}`;

/** One round of four reads, in parallel: the pickers are useless until all have answered. */
export async function loadEc2Choices(accountId: string, region: string): Promise<Ec2Choices> {
  const q = scope(accountId, region);
  const [subnets, securityGroups, instanceTypes, instanceProfiles] = await Promise.all([
    api.get(`/ec2/subnets?${q}`),
    api.get(`/ec2/security-groups?${q}`),
    api.get(`/ec2/instance-types?${q}`),
    api.get(`/ec2/instance-profiles?${q}`),
  ]);
  return {
    subnets: itemsOf<SubnetChoice>(subnets),
    securityGroups: itemsOf<SecurityGroupChoice>(securityGroups),
    instanceTypes: itemsOf<InstanceTypeChoice>(instanceTypes),
    instanceProfiles: itemsOf<InstanceProfileChoice>(instanceProfiles),
  };
}
