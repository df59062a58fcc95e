import {
  DescribeJobsCommand,
  DescribeSourceServersCommand,
  GetLaunchConfigurationCommand,
  StartRecoveryCommand,
  UpdateLaunchConfigurationCommand,
} from "@aws-sdk/client-drs";
import {
  CreateLaunchTemplateVersionCommand,
  DescribeInstancesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeSubnetsCommand,
  ModifyLaunchTemplateCommand,
} from "@aws-sdk/client-ec2";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RunningSimulator, startSimulator } from "../src/index";
import { flatFleet, sdkClients } from "./sdk-clients";

describe("the EC2 launch template DRS keeps per source server", () => {
  let sim: RunningSimulator;
  beforeEach(async () => {
    sim = await startSimulator({ port: 0, seed: 5, timeScale: 60, fleet: flatFleet(3) });
  });
  afterEach(() => sim.close());

  it("launches the recovery instance with the instance type and subnet of the template's default version", async () => {
    const { drs, ec2 } = sdkClients(sim);
    const server = (await drs.send(new DescribeSourceServersCommand({}))).items?.[0];
    const id = server?.sourceServerID ?? "";
    const config = await drs.send(new GetLaunchConfigurationCommand({ sourceServerID: id }));
    const templateId = config.ec2LaunchTemplateID ?? "";
    const subnets = (await ec2.send(new DescribeSubnetsCommand({}))).Subnets ?? [];
    const subnetId = subnets[subnets.length - 1]?.SubnetId ?? "";

    const created = await ec2.send(
      new CreateLaunchTemplateVersionCommand({
        LaunchTemplateId: templateId,
        SourceVersion: "$Default",
        LaunchTemplateData: {
          InstanceType: "m5.xlarge",
          NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnetId }],
        },
      }),
    );
    const version = created.LaunchTemplateVersion?.VersionNumber;
    expect(version).toBe(2);
    await ec2.send(
      new ModifyLaunchTemplateCommand({ LaunchTemplateId: templateId, DefaultVersion: String(version) }),
    );
    const current = await ec2.send(
      new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: templateId, Versions: ["$Default"] }),
    );
    const data = current.LaunchTemplateVersions?.[0]?.LaunchTemplateData;
    expect(data?.InstanceType).toBe("m5.xlarge");
    expect(data?.NetworkInterfaces?.[0]?.SubnetId).toBe(subnetId);

    await drs.send(new UpdateLaunchConfigurationCommand({ sourceServerID: id, copyPrivateIp: true }));
    expect((await drs.send(new GetLaunchConfigurationCommand({ sourceServerID: id }))).copyPrivateIp).toBe(
      true,
    );

    const { job } = await drs.send(
      new StartRecoveryCommand({ isDrill: true, sourceServers: [{ sourceServerID: id }] }),
    );
    sim.control.advanceTime(30_000);
    const done = await drs.send(new DescribeJobsCommand({ filters: { jobIDs: [job?.jobID ?? ""] } }));
    const instanceId = done.items?.[0]?.participatingServers?.[0]?.recoveryInstanceID ?? "";
    const instance = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] })))
      .Reservations?.[0]?.Instances?.[0];
    expect(instance?.InstanceType).toBe("m5.xlarge");
    expect(instance?.SubnetId).toBe(subnetId);
  });

  it("refuses a template version naming a subnet that does not exist", async () => {
    const { drs, ec2 } = sdkClients(sim);
    const id = (await drs.send(new DescribeSourceServersCommand({}))).items?.[0]?.sourceServerID ?? "";
    const config = await drs.send(new GetLaunchConfigurationCommand({ sourceServerID: id }));
    await expect(
      ec2.send(
        new CreateLaunchTemplateVersionCommand({
          LaunchTemplateId: config.ec2LaunchTemplateID,
          LaunchTemplateData: {
            NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: "subnet-0000000000000dead" }],
          },
        }),
      ),
    ).rejects.toMatchObject({ name: "InvalidSubnetID.NotFound" });
  });
});
