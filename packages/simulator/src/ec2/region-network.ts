import { hashHex } from "../seeded-random";

export interface VpcRecord {
  vpcId: string;
  cidrBlock: string;
  name: string;
}

export interface SubnetRecord {
  subnetId: string;
  vpcId: string;
  availabilityZone: string;
  cidrBlock: string;
  name: string;
}

export interface SecurityGroupRecord {
  groupId: string;
  vpcId: string;
  groupName: string;
  description: string;
}

/**
 * The EC2 network of one account-region. The recovery VPC comes first: DRS stages and launches
 * there unless a launch template says otherwise. Further VPCs (e.g. "shared-services") exist so a
 * subnet and a security group from different VPCs can be told apart, as in a real account.
 */
export interface RegionNetwork {
  vpcs: VpcRecord[];
  /** Subnets of every VPC, the recovery VPC's first. */
  subnets: SubnetRecord[];
  /** Security groups of every VPC, the recovery VPC's first. */
  securityGroups: SecurityGroupRecord[];
}

/**
 * Builds the network with ids derived from the account-region (and VPC name), so they are the
 * same at every start. The recovery VPC's ids predate `extraVpcs` and must not change.
 */
export function regionNetwork(
  accountId: string,
  region: string,
  extraVpcs: readonly string[],
): RegionNetwork {
  const key = `${accountId}/${region}`;
  // A different /16 per account-region so private IPs look plausible and do not collide.
  const second = Number.parseInt(hashHex(key, 2), 16) % 200;
  const recoveryVpcId = `vpc-${hashHex(`vpc/${key}`)}`;
  const network: RegionNetwork = {
    vpcs: [{ vpcId: recoveryVpcId, cidrBlock: `10.${second}.0.0/16`, name: "drs-recovery-vpc" }],
    subnets: ["a", "b", "c"].map((az, i) => ({
      subnetId: `subnet-${hashHex(`subnet/${key}/${az}`)}`,
      vpcId: recoveryVpcId,
      availabilityZone: `${region}${az}`,
      cidrBlock: `10.${second}.${i * 16}.0/20`,
      name: `drs-recovery-${region}${az}`,
    })),
    securityGroups: [
      {
        groupId: `sg-${hashHex(`sg/${key}/default`)}`,
        vpcId: recoveryVpcId,
        groupName: "default",
        description: "default VPC security group",
      },
      {
        groupId: `sg-${hashHex(`sg/${key}/recovery`)}`,
        vpcId: recoveryVpcId,
        groupName: "drs-recovery-instances",
        description: "Recovered servers (DRS)",
      },
    ],
  };
  extraVpcs.forEach((name, i) => {
    const vpcId = `vpc-${hashHex(`vpc/${key}/${name}`)}`;
    network.vpcs.push({ vpcId, cidrBlock: `172.${16 + i}.0.0/16`, name });
    network.subnets.push({
      subnetId: `subnet-${hashHex(`subnet/${key}/${name}/a`)}`,
      vpcId,
      availabilityZone: `${region}a`,
      cidrBlock: `172.${16 + i}.0.0/24`,
      name: `${name}-${region}a`,
    });
    network.securityGroups.push({
      groupId: `sg-${hashHex(`sg/${key}/${name}`)}`,
      vpcId,
      groupName: name,
      description: `${name} VPC servers`,
    });
  });
  return network;
}

/** The recovery VPC: where a launch without a template subnet goes. */
export const recoveryVpcOf = (network: RegionNetwork): VpcRecord | undefined => network.vpcs[0];
