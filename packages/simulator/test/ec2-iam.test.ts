import { DescribeSourceServersCommand, StartRecoveryCommand } from "@aws-sdk/client-drs";
import {
  DescribeInstanceStatusCommand,
  DescribeInstancesCommand,
  DescribeInstanceTypesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2ServiceException,
  TerminateInstancesCommand,
} from "@aws-sdk/client-ec2";
import { IAMClient, ListInstanceProfilesCommand } from "@aws-sdk/client-iam";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSimulator, SIMULATOR_CREDENTIALS, startSimulator } from "../src/index";
import { sdkClients } from "./sdk-clients";

describe("EC2 and IAM through @aws-sdk/client-ec2 and client-iam", () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 13 });
  });
  afterAll(() => sim.close());

  it("lists the subnets and security groups of the recovery VPC, filtered by VPC", async () => {
    const { ec2 } = sdkClients(sim, "us-west-2");
    const all = (await ec2.send(new DescribeSubnetsCommand({}))).Subnets ?? [];
    // The recovery VPC's three subnets, then the shared-services VPC's one.
    expect(all).toHaveLength(4);
    const vpcId = all[0]?.VpcId ?? "";
    expect(vpcId).toMatch(/^vpc-[0-9a-f]{17}$/);
    const subnets =
      (await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] })))
        .Subnets ?? [];
    expect(subnets).toHaveLength(3);
    expect(subnets.map((s) => s.AvailabilityZone)).toEqual(["us-west-2a", "us-west-2b", "us-west-2c"]);
    const groups = await ec2.send(
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] }),
    );
    expect(groups.SecurityGroups?.map((g) => g.GroupName)).toEqual(["default", "drs-recovery-instances"]);
    const none = await ec2.send(
      new DescribeSubnetsCommand({ Filters: [{ Name: "vpc-id", Values: ["vpc-0"] }] }),
    );
    expect(none.Subnets).toEqual([]);
  });

  it("has a second, shared-services VPC with one subnet and one security group of its own", async () => {
    const { ec2 } = sdkClients(sim, "us-east-1");
    const vpcs = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs ?? [];
    expect(vpcs.map((v) => v.Tags?.find((t) => t.Key === "Name")?.Value)).toEqual([
      "drs-recovery-vpc",
      "shared-services",
    ]);
    const shared = vpcs[1]?.VpcId ?? "";
    const byName = await ec2.send(
      new DescribeVpcsCommand({ Filters: [{ Name: "tag:Name", Values: ["shared-services"] }] }),
    );
    expect(byName.Vpcs?.map((v) => v.VpcId)).toEqual([shared]);
    const filter = [{ Name: "vpc-id", Values: [shared] }];
    const subnets = (await ec2.send(new DescribeSubnetsCommand({ Filters: filter }))).Subnets ?? [];
    expect(subnets.map((s) => [s.VpcId, s.AvailabilityZone])).toEqual([[shared, "us-east-1a"]]);
    const groups =
      (await ec2.send(new DescribeSecurityGroupsCommand({ Filters: filter }))).SecurityGroups ?? [];
    expect(groups.map((g) => [g.VpcId, g.GroupName])).toEqual([[shared, "shared-services"]]);
    // Every security group names the VPC it belongs to.
    const all = (await ec2.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups ?? [];
    expect(new Set(all.map((g) => g.VpcId))).toEqual(new Set(vpcs.map((v) => v.VpcId)));
  });

  it("describes instance types, paging with MaxResults/NextToken", async () => {
    const { ec2 } = sdkClients(sim);
    const one = await ec2.send(new DescribeInstanceTypesCommand({ InstanceTypes: ["r5.xlarge"] }));
    expect(one.InstanceTypes?.[0]).toMatchObject({
      InstanceType: "r5.xlarge",
      VCpuInfo: { DefaultVCpus: 4 },
    });
    expect(one.InstanceTypes?.[0]?.MemoryInfo?.SizeInMiB).toBe(32768);
    const first = await ec2.send(new DescribeInstanceTypesCommand({ MaxResults: 5 }));
    expect(first.InstanceTypes).toHaveLength(5);
    const second = await ec2.send(
      new DescribeInstanceTypesCommand({ MaxResults: 5, NextToken: first.NextToken }),
    );
    expect(second.InstanceTypes?.[0]?.InstanceType).not.toBe(first.InstanceTypes?.[0]?.InstanceType);
  });

  it("fails DescribeInstances and DescribeInstanceStatus for an instance id that does not exist, as EC2 does", async () => {
    const { ec2 } = sdkClients(sim);
    for (const command of [
      new DescribeInstancesCommand({ InstanceIds: ["i-0123456789abcdef0"] }),
      new DescribeInstanceStatusCommand({ InstanceIds: ["i-0123456789abcdef0"] }),
    ]) {
      const error = await ec2.send(command as DescribeInstancesCommand).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EC2ServiceException);
      expect((error as EC2ServiceException).name).toBe("InvalidInstanceID.NotFound");
      expect((error as EC2ServiceException).message).toContain("i-0123456789abcdef0");
    }
  });

  it("refuses more than 100 explicit instance ids in one DescribeInstanceStatus, as EC2 does", async () => {
    const { ec2 } = sdkClients(sim);
    const ids = Array.from({ length: 101 }, (_, i) => `i-${i.toString(16).padStart(17, "0")}`);
    const error = await ec2
      .send(new DescribeInstanceStatusCommand({ InstanceIds: ids }))
      .catch((e: unknown) => e);
    expect((error as EC2ServiceException).name).toBe("InvalidParameterValue");
  });

  it("terminates a recovered EC2 instance: shutting-down, then terminated", async () => {
    const { drs, ec2 } = sdkClients(sim);
    const [server] = ((await drs.send(new DescribeSourceServersCommand({}))).items ?? []).filter(
      (s) => s.dataReplicationInfo?.dataReplicationState === "CONTINUOUS",
    );
    const { job } = await drs.send(
      new StartRecoveryCommand({
        isDrill: true,
        sourceServers: [{ sourceServerID: server?.sourceServerID ?? "" }],
      }),
    );
    sim.control.advanceTime(30_000);
    const instances = (
      await ec2.send(
        new DescribeInstancesCommand({
          Filters: [
            { Name: "tag:AWSElasticDisasterRecoverySourceServerID", Values: [server?.sourceServerID ?? ""] },
          ],
        }),
      )
    ).Reservations?.flatMap((r) => r.Instances ?? []);
    expect(instances).toHaveLength(1);
    const instance = instances?.[0];
    expect(instance?.State?.Name).toBe("running");
    expect(instance?.Tags).toEqual(
      expect.arrayContaining([{ Key: "Application", Value: server?.tags?.Application }]),
    );
    expect(job?.jobID).toBeTruthy();
    const terminated = await ec2.send(
      new TerminateInstancesCommand({ InstanceIds: [instance?.InstanceId ?? ""] }),
    );
    expect(terminated.TerminatingInstances?.[0]).toMatchObject({
      PreviousState: { Name: "running", Code: 16 },
      CurrentState: { Name: "shutting-down", Code: 32 },
    });
    sim.control.advanceTime(30_000);
    const after = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instance?.InstanceId ?? ""] }));
    expect(after.Reservations?.[0]?.Instances?.[0]?.State?.Name).toBe("terminated");
  });

  it("lists IAM instance profiles for the recovered instances", async () => {
    const iam = new IAMClient({
      endpoint: sim.endpoint,
      region: "us-east-1",
      credentials: SIMULATOR_CREDENTIALS,
    });
    const profiles = (await iam.send(new ListInstanceProfilesCommand({}))).InstanceProfiles ?? [];
    expect(profiles.map((p) => p.InstanceProfileName)).toContain(
      "AWSElasticDisasterRecoveryRecoveryInstanceRole",
    );
    expect(profiles[0]?.Arn).toMatch(/^arn:aws:iam::111111111111:instance-profile\//);
    expect(profiles[0]?.Roles?.[0]?.RoleName).toBeTruthy();
  });
});
