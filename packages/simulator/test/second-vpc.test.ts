import {
  DescribeJobsCommand,
  DescribeSourceServersCommand,
  GetLaunchConfigurationCommand,
  StartRecoveryCommand,
} from "@aws-sdk/client-drs";
import {
  CreateLaunchTemplateVersionCommand,
  DescribeInstancesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  ModifyLaunchTemplateCommand,
} from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSimulator, startSimulator } from "../src/index";
import { sdkClients } from "./sdk-clients";

/** A fleet whose one region has, besides the recovery VPC, a VPC named "tools". */
const twoVpcFleet = {
  accounts: [
    {
      accountId: "111111111111",
      regions: [
        { region: "us-east-1", extraVpcs: ["tools"], servers: [{ hostname: "a" }, { hostname: "b" }] },
      ],
    },
  ],
};

describe("a region with a second VPC", () => {
  let sim: RunningSimulator;
  let ec2: ReturnType<typeof sdkClients>["ec2"];
  let drs: ReturnType<typeof sdkClients>["drs"];
  let recoverySubnet = "";
  let toolsVpc = "";
  let toolsSubnet = "";
  let toolsGroup = "";
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 11, timeScale: 60, fleet: twoVpcFleet });
    ({ ec2, drs } = sdkClients(sim));
    const vpcs = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs ?? [];
    toolsVpc = vpcs.find((v) => v.Tags?.some((t) => t.Value === "tools"))?.VpcId ?? "";
    const subnets = (await ec2.send(new DescribeSubnetsCommand({}))).Subnets ?? [];
    recoverySubnet = subnets.find((s) => s.VpcId !== toolsVpc)?.SubnetId ?? "";
    toolsSubnet = subnets.find((s) => s.VpcId === toolsVpc)?.SubnetId ?? "";
    const groups = (await ec2.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups ?? [];
    toolsGroup = groups.find((g) => g.VpcId === toolsVpc)?.GroupId ?? "";
  });
  afterAll(() => sim.close());

  const templateOf = async (index: number) => {
    const servers = (await drs.send(new DescribeSourceServersCommand({}))).items ?? [];
    const id = servers[index]?.sourceServerID ?? "";
    const config = await drs.send(new GetLaunchConfigurationCommand({ sourceServerID: id }));
    return { id, templateId: config.ec2LaunchTemplateID ?? "" };
  };

  it("lists both VPCs, each subnet and security group in its own", async () => {
    expect(toolsVpc).toMatch(/^vpc-[0-9a-f]{17}$/);
    expect(recoverySubnet).toMatch(/^subnet-/);
    expect(toolsSubnet).toMatch(/^subnet-/);
    expect(toolsGroup).toMatch(/^sg-/);
  });

  it("refuses a fleet whose extra VPC names are invalid or repeated, keeping the current fleet", async () => {
    for (const extraVpcs of [["Tools!"], ["tools", "tools"]]) {
      const fleet = {
        accounts: [{ accountId: "111111111111", regions: [{ region: "us-east-1", extraVpcs }] }],
      };
      const res = await fetch(`${sim.endpoint}/_sim/fleet`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(fleet),
      });
      expect(res.status, JSON.stringify(extraVpcs)).toBe(400);
      expect(await res.text()).toMatch(/extraVpcs|VPC names/);
    }
    expect((await ec2.send(new DescribeVpcsCommand({}))).Vpcs?.map((v) => v.VpcId)).toContain(toolsVpc);
  });

  it("refuses a template version pairing a subnet with a security group of another VPC, and keeps the versions", async () => {
    const { templateId } = await templateOf(0);
    const versions = async () =>
      (await ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: templateId })))
        .LaunchTemplateVersions?.length;
    const before = await versions();
    await expect(
      ec2.send(
        new CreateLaunchTemplateVersionCommand({
          LaunchTemplateId: templateId,
          SourceVersion: "$Default",
          LaunchTemplateData: {
            NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: recoverySubnet, Groups: [toolsGroup] }],
          },
        }),
      ),
    ).rejects.toMatchObject({ name: "InvalidParameter" });
    expect(await versions()).toBe(before);
  });

  it("launches a recovery instance into the second VPC when its template names that VPC's subnet", async () => {
    const { id, templateId } = await templateOf(1);
    const created = await ec2.send(
      new CreateLaunchTemplateVersionCommand({
        LaunchTemplateId: templateId,
        SourceVersion: "$Default",
        LaunchTemplateData: { NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: toolsSubnet }] },
      }),
    );
    await ec2.send(
      new ModifyLaunchTemplateCommand({
        LaunchTemplateId: templateId,
        DefaultVersion: String(created.LaunchTemplateVersion?.VersionNumber),
      }),
    );
    const { job } = await drs.send(
      new StartRecoveryCommand({ isDrill: true, sourceServers: [{ sourceServerID: id }] }),
    );
    sim.control.advanceTime(30_000);
    const done = await drs.send(new DescribeJobsCommand({ filters: { jobIDs: [job?.jobID ?? ""] } }));
    const instanceId = done.items?.[0]?.participatingServers?.[0]?.recoveryInstanceID ?? "";
    const instance = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] })))
      .Reservations?.[0]?.Instances?.[0];
    expect(instance).toMatchObject({ SubnetId: toolsSubnet, VpcId: toolsVpc });
    // Without a group in the template it gets one of its own VPC, never the recovery VPC's.
    expect(instance?.SecurityGroups?.map((g) => g.GroupId)).toEqual([toolsGroup]);
  });
});
