/**
 * The EC2 and IAM reads behind the launch-settings pickers (`/api/ec2/*`) and the checks of launch
 * and replication settings: a port, implemented over the AWS SDK in `packages/aws`.
 */

/** What the launch-settings pickers of the UI offer, per account/region. */
export interface Ec2Subnet {
  subnetId: string;
  vpcId: string;
  cidrBlock?: string;
  availabilityZone?: string;
  name?: string;
}
export interface Ec2SecurityGroup {
  groupId: string;
  groupName: string;
  vpcId?: string;
  description?: string;
}
export interface Ec2InstanceType {
  instanceType: string;
  vCpus?: number;
  memoryMiB?: number;
  currentGeneration?: boolean;
}
export interface InstanceProfile {
  instanceProfileName: string;
  arn: string;
  roles: string[];
}

/** EC2 and IAM reads of one account/region. */
export interface Ec2Inventory {
  listSubnets(
    accountId: string,
    region: string,
    filter?: { vpcId?: string; availabilityZone?: string },
  ): Promise<Ec2Subnet[]>;
  listSecurityGroups(
    accountId: string,
    region: string,
    filter?: { vpcId?: string },
  ): Promise<Ec2SecurityGroup[]>;
  listInstanceTypes(accountId: string, region: string): Promise<Ec2InstanceType[]>;
  listInstanceProfiles(accountId: string, region: string): Promise<InstanceProfile[]>;
}
