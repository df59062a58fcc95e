import { describe, expect, it } from "vitest";
import { ValidationError } from "./errors";
import {
  type LaunchInventory,
  LaunchSettings,
  launchSettingsChanges,
  type ServerLaunchSettings,
  validateLaunchSettings,
} from "./launch-settings";
import { ProtectionGroupInput } from "./protection-group";

const inventory: LaunchInventory = {
  subnets: [
    { subnetId: "subnet-0aaaaaaaaaaaaaaa1", vpcId: "vpc-a" },
    { subnetId: "subnet-0bbbbbbbbbbbbbbb1", vpcId: "vpc-b" },
  ],
  securityGroups: [
    { groupId: "sg-0aaaaaaaaaaaaaaa1", vpcId: "vpc-a" },
    { groupId: "sg-0bbbbbbbbbbbbbbb1", vpcId: "vpc-b" },
  ],
  instanceTypes: ["t3.medium", "m5.large"],
};

const fieldOf = (settings: LaunchSettings): unknown => {
  try {
    validateLaunchSettings(settings, inventory);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as ValidationError).details;
  }
  return undefined;
};

describe("launch settings", () => {
  it("accepts settings that match the region's subnets, security groups and instance types", () => {
    const settings = LaunchSettings.parse({
      launchConfiguration: { launchDisposition: "STARTED", targetInstanceTypeRightSizingMethod: "NONE" },
      launchTemplate: {
        subnetId: "subnet-0aaaaaaaaaaaaaaa1",
        securityGroupIds: ["sg-0aaaaaaaaaaaaaaa1"],
        instanceType: "m5.large",
      },
    });
    expect(() => validateLaunchSettings(settings, inventory)).not.toThrow();
  });

  it("names the unknown subnet, the instance type not offered and the security group of another VPC", () => {
    expect(fieldOf({ launchTemplate: { subnetId: "subnet-0ccccccccccccccc1" } })).toEqual({
      field: "launchTemplate.subnetId",
    });
    expect(fieldOf({ launchTemplate: { instanceType: "x9.huge" } })).toEqual({
      field: "launchTemplate.instanceType",
    });
    expect(
      fieldOf({
        launchTemplate: {
          subnetId: "subnet-0aaaaaaaaaaaaaaa1",
          securityGroupIds: ["sg-0aaaaaaaaaaaaaaa1", "sg-0bbbbbbbbbbbbbbb1"],
        },
      }),
    ).toEqual({ field: "launchTemplate.securityGroupIds.1" });
  });

  it("refuses security groups of two VPCs even without a subnet to compare them with", () => {
    expect(
      fieldOf({ launchTemplate: { securityGroupIds: ["sg-0aaaaaaaaaaaaaaa1", "sg-0bbbbbbbbbbbbbbb1"] } }),
    ).toEqual({ field: "launchTemplate.securityGroupIds.1" });
    expect(fieldOf({ launchTemplate: { securityGroupIds: ["sg-0bbbbbbbbbbbbbbb1"] } })).toBeUndefined();
  });

  it("refuses an unknown launch disposition and unknown fields", () => {
    expect(LaunchSettings.safeParse({ launchConfiguration: { launchDisposition: "RUNNING" } }).success).toBe(
      false,
    );
    expect(LaunchSettings.safeParse({ launchTemplate: { keyName: "x" } }).success).toBe(false);
  });

  it("lists only the fields a group's defaults would change on a server", () => {
    const current: ServerLaunchSettings = {
      sourceServerId: "s-0123456789abcdef0",
      launchConfiguration: {
        launchDisposition: "STARTED",
        targetInstanceTypeRightSizingMethod: "BASIC",
        copyPrivateIp: false,
        copyTags: true,
        licensing: { osByol: true },
        postLaunchEnabled: false,
      },
      launchTemplate: { instanceType: "t3.medium", subnetId: "subnet-0aaaaaaaaaaaaaaa1" },
    };
    expect(
      launchSettingsChanges(current, {
        launchConfiguration: { launchDisposition: "STARTED", copyPrivateIp: true },
        launchTemplate: { instanceType: "m5.large", subnetId: "subnet-0aaaaaaaaaaaaaaa1" },
      }),
    ).toEqual([
      { field: "launchConfiguration.copyPrivateIp", from: false, to: true },
      { field: "launchTemplate.instanceType", from: "t3.medium", to: "m5.large" },
    ]);
  });

  it("lets a protection group carry launch settings defaults", () => {
    const group = ProtectionGroupInput.parse({
      groupName: "Web",
      accountId: "111111111111",
      region: "us-east-1",
      tagCriteria: { Tier: "web" },
      launchSettings: { launchTemplate: { instanceType: "m5.large" } },
    });
    expect(group.launchSettings?.launchTemplate?.instanceType).toBe("m5.large");
  });
});
