import type { LaunchSettings } from "@drso/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SimulatedApi, startSimulatedApi } from "./support/simulated-aws-deps";

/**
 * The three ways launch settings can disagree with the target region — an unknown subnet, an
 * instance type the region does not offer, a security group of another VPC than the subnet —
 * through HTTP, with DRS and EC2 read back through the real SDK adapters against the simulator,
 * whose demo fleet has a recovery VPC and a shared-services VPC in every account-region.
 */
const HOME = "111111111111";
const REGION = "us-east-1";
const scope = `accountId=${HOME}&region=${REGION}`;

interface Subnet {
  subnetId: string;
  vpcId: string;
}
interface SecurityGroup {
  groupId: string;
  groupName: string;
  vpcId: string;
}

describe("invalid launch settings against the simulator's two VPCs", () => {
  let s: SimulatedApi;
  let serverId = "";
  let recoveryVpc = "";
  let recoverySubnet = "";
  let recoveryGroup = "";
  let sharedSubnet = "";
  let sharedGroup = "";

  /** The invalid cases, each with the field the 400 must name. */
  let cases: Array<{
    name: string;
    launchTemplate: NonNullable<LaunchSettings["launchTemplate"]>;
    field: string;
  }>;

  beforeAll(async () => {
    s = await startSimulatedApi();
    serverId = (await s.api.get(`/api/drs/source-servers?${scope}`)).body.data.items[0].serverId;
    const subnets: Subnet[] = (await s.api.get(`/api/ec2/subnets?${scope}`)).body.data.items;
    const groups: SecurityGroup[] = (await s.api.get(`/api/ec2/security-groups?${scope}`)).body.data.items;
    recoveryVpc = subnets[0]?.vpcId ?? "";
    recoverySubnet = subnets[0]?.subnetId ?? "";
    recoveryGroup = groups.find((g) => g.groupName === "drs-recovery-instances")?.groupId ?? "";
    sharedSubnet = subnets.find((sn) => sn.vpcId !== recoveryVpc)?.subnetId ?? "";
    sharedGroup = groups.find((g) => g.vpcId !== recoveryVpc)?.groupId ?? "";
    cases = [
      {
        name: "unknown subnet",
        launchTemplate: { subnetId: "subnet-0000000000000dead", instanceType: "t3.large" },
        field: "launchTemplate.subnetId",
      },
      {
        name: "instance type not offered",
        launchTemplate: { subnetId: recoverySubnet, instanceType: "x9.enormous" },
        field: "launchTemplate.instanceType",
      },
      {
        name: "security group of another VPC",
        launchTemplate: { subnetId: recoverySubnet, securityGroupIds: [recoveryGroup, sharedGroup] },
        field: "launchTemplate.securityGroupIds.1",
      },
      {
        name: "security groups of two VPCs without a subnet",
        launchTemplate: { securityGroupIds: [recoveryGroup, sharedGroup] },
        field: "launchTemplate.securityGroupIds.1",
      },
    ];
  });
  afterAll(() => s.close());

  const settingsPath = () => `/api/drs/source-servers/${serverId}/launch-settings?${scope}`;
  /** What DRS (GetLaunchConfiguration) and EC2 (the template's default version) say, via the SDK. */
  const launchSettingsInAws = () => s.adapters.launchSettings.getLaunchSettings(HOME, REGION, serverId);

  it("offers two VPCs, and filters subnets and security groups by either", async () => {
    expect(sharedSubnet).toMatch(/^subnet-/);
    expect(sharedGroup).toMatch(/^sg-/);
    const sharedVpc = (await s.api.get(`/api/ec2/subnets?${scope}`)).body.data.items.find(
      (sn: Subnet) => sn.subnetId === sharedSubnet,
    ).vpcId;
    expect(sharedVpc).not.toBe(recoveryVpc);
    for (const [vpcId, subnet, group] of [
      [recoveryVpc, recoverySubnet, recoveryGroup],
      [sharedVpc, sharedSubnet, sharedGroup],
    ]) {
      const subnets: Subnet[] = (await s.api.get(`/api/ec2/subnets?${scope}&vpcId=${vpcId}`)).body.data.items;
      const groups: SecurityGroup[] = (await s.api.get(`/api/ec2/security-groups?${scope}&vpcId=${vpcId}`))
        .body.data.items;
      expect(subnets.map((sn) => sn.subnetId)).toContain(subnet);
      expect(groups.map((g) => g.groupId)).toContain(group);
      expect(new Set([...subnets, ...groups].map((r) => r.vpcId))).toEqual(new Set([vpcId]));
    }
    // The recovery VPC has three subnets (one per AZ), the shared-services VPC one.
    const recoveryOnly = await s.api.get(
      `/api/ec2/subnets?${scope}&vpcId=${recoveryVpc}&availabilityZone=us-east-1a`,
    );
    expect(recoveryOnly.body.data.items.map((sn: Subnet) => sn.subnetId)).toEqual([recoverySubnet]);
  });

  it("PUT launch-settings answers 400 naming the field for each invalid case, and DRS and EC2 stay unchanged", async () => {
    const before = await launchSettingsInAws();
    for (const c of cases) {
      const res = await s.api.put(settingsPath(), {
        launchConfiguration: { launchDisposition: "STOPPED", copyPrivateIp: true },
        launchTemplate: c.launchTemplate,
      });
      expect(res.status, `${c.name}: ${res.text}`).toBe(400);
      expect(res.body.error.code, c.name).toBe("INVALID_LAUNCH_SETTINGS");
      expect(res.body.error.details, c.name).toEqual({ field: c.field });
      expect(await launchSettingsInAws(), c.name).toEqual(before);
    }
  });

  it("PUT launch-settings refuses a subnet or security group that would leave the template spanning two VPCs", async () => {
    const put = await s.api.put(settingsPath(), {
      launchTemplate: { subnetId: recoverySubnet, securityGroupIds: [recoveryGroup] },
    });
    expect(put.status, put.text).toBe(200);
    const before = await launchSettingsInAws();
    const res = await s.api.put(settingsPath(), {
      launchConfiguration: { copyTags: !before.launchConfiguration.copyTags },
      launchTemplate: { securityGroupIds: [sharedGroup] },
    });
    expect(res.status, res.text).toBe(400);
    expect(res.body.error.details).toEqual({ field: "launchTemplate.securityGroupIds.0" });
    expect(await launchSettingsInAws()).toEqual(before);
    // Moving only the subnet to the other VPC would strand the template's group just the same.
    const moved = await s.api.put(settingsPath(), { launchTemplate: { subnetId: sharedSubnet } });
    expect(moved.status, moved.text).toBe(400);
    expect(moved.body.error.details).toEqual({ field: "launchTemplate.securityGroupIds.0" });
    expect(await launchSettingsInAws()).toEqual(before);
  });

  it("accepts a subnet and a security group of the same, second VPC", async () => {
    const res = await s.api.put(settingsPath(), {
      launchTemplate: { subnetId: sharedSubnet, securityGroupIds: [sharedGroup] },
    });
    expect(res.status, res.text).toBe(200);
    expect((await launchSettingsInAws()).launchTemplate).toMatchObject({
      subnetId: sharedSubnet,
      securityGroupIds: [sharedGroup],
    });
  });

  it("refuses to create a protection group with each kind of invalid launch defaults, and stores nothing", async () => {
    const before = (await s.api.get("/api/protection-groups")).body.data.items;
    for (const c of cases) {
      const res = await s.api.post("/api/protection-groups", {
        groupName: `Invalid defaults: ${c.name}`,
        accountId: HOME,
        region: REGION,
        tagCriteria: { Tier: "web" },
        launchSettings: { launchConfiguration: { copyTags: false }, launchTemplate: c.launchTemplate },
      });
      expect(res.status, `${c.name}: ${res.text}`).toBe(400);
      expect(res.body.error.details, c.name).toEqual({ field: c.field });
    }
    expect((await s.api.get("/api/protection-groups")).body.data.items).toEqual(before);
  });

  it("refuses to update a protection group's launch defaults with each kind of invalid settings, and keeps the group", async () => {
    const created = await s.api.post("/api/protection-groups", {
      groupName: "Valid defaults",
      accountId: HOME,
      region: REGION,
      tagCriteria: { Tier: "app" },
      launchSettings: { launchTemplate: { subnetId: recoverySubnet, securityGroupIds: [recoveryGroup] } },
    });
    expect(created.status, created.text).toBe(201);
    const group = created.body.data;
    for (const c of cases) {
      const res = await s.api.put(`/api/protection-groups/${group.groupId}`, {
        groupName: group.groupName,
        accountId: HOME,
        region: REGION,
        tagCriteria: { Tier: "app" },
        version: group.version,
        launchSettings: { launchTemplate: c.launchTemplate },
      });
      expect(res.status, `${c.name}: ${res.text}`).toBe(400);
      expect(res.body.error.details, c.name).toEqual({ field: c.field });
    }
    expect((await s.api.get(`/api/protection-groups/${group.groupId}`)).body.data).toEqual(group);
    // The same group with defaults in the second VPC is fine.
    const ok = await s.api.put(`/api/protection-groups/${group.groupId}`, {
      groupName: group.groupName,
      accountId: HOME,
      region: REGION,
      tagCriteria: { Tier: "app" },
      version: group.version,
      launchSettings: { launchTemplate: { subnetId: sharedSubnet, securityGroupIds: [sharedGroup] } },
    });
    expect(ok.status, ok.text).toBe(200);
  });
});
