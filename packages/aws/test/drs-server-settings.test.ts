import { AwsServiceError } from "@drso/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  HOME,
  type SimulatedAws,
  servers,
  simulatedAws,
  TARGET,
  twoAccountFleet,
} from "./support/simulated-aws";

describe("DrsLaunchSettings against the simulator", () => {
  let aws: SimulatedAws;
  beforeAll(async () => {
    aws = await simulatedAws(twoAccountFleet([{ region: "us-east-1", servers: servers(2) }]));
  });
  afterAll(() => aws.close());

  it("reads the DRS launch configuration and the default template version of a server", async () => {
    const [server] = await aws.adapters.catalog.listSourceServers(HOME, "us-east-1");
    const settings = await aws.adapters.launchSettings.getLaunchSettings(
      HOME,
      "us-east-1",
      server?.serverId ?? "",
    );
    expect(settings.launchTemplateId).toMatch(/^lt-/);
    expect(settings.launchConfiguration).toMatchObject({ launchDisposition: "STARTED", copyTags: true });
    expect(settings.launchTemplate.instanceType).toBeTruthy();
  });

  it("updates DRS fields and the EC2 template in a cross-account target, keeping fields not given", async () => {
    const [server] = await aws.adapters.catalog.listSourceServers(TARGET, "us-east-1");
    const id = server?.serverId ?? "";
    const subnets = await aws.adapters.ec2.listSubnets(TARGET, "us-east-1");
    const groups = await aws.adapters.ec2.listSecurityGroups(TARGET, "us-east-1");
    const subnetId = subnets[0]?.subnetId ?? "";
    const sgId = groups[0]?.groupId ?? "";
    await aws.adapters.launchSettings.updateLaunchSettings(TARGET, "us-east-1", id, {
      launchTemplate: { subnetId, securityGroupIds: [sgId] },
    });
    const after = await aws.adapters.launchSettings.updateLaunchSettings(TARGET, "us-east-1", id, {
      launchConfiguration: { launchDisposition: "STOPPED", licensing: { osByol: false } },
      launchTemplate: { instanceType: "m5.large" },
    });
    expect(after.launchConfiguration).toMatchObject({
      launchDisposition: "STOPPED",
      licensing: { osByol: false },
    });
    expect(after.launchTemplate).toMatchObject({
      instanceType: "m5.large",
      subnetId,
      securityGroupIds: [sgId],
    });
  });

  it("classifies an unknown server as a not-found AWS error", async () => {
    await expect(
      aws.adapters.launchSettings.getLaunchSettings(HOME, "us-east-1", "s-00000000000000000"),
    ).rejects.toSatisfy((e: unknown) => e instanceof AwsServiceError && e.kind === "not-found");
  });
});

describe("DrsReplicationSettings against the simulator", () => {
  let aws: SimulatedAws;
  beforeAll(async () => {
    aws = await simulatedAws(twoAccountFleet([{ region: "us-east-1", servers: servers(1) }]));
  });
  afterAll(() => aws.close());

  it("changes only the given replication fields in a cross-account target", async () => {
    const [server] = await aws.adapters.catalog.listSourceServers(TARGET, "us-east-1");
    const id = server?.serverId ?? "";
    const before = await aws.adapters.replicationSettings.getReplicationSettings(TARGET, "us-east-1", id);
    const after = await aws.adapters.replicationSettings.updateReplicationSettings(TARGET, "us-east-1", id, {
      bandwidthThrottling: 25,
    });
    expect(after).toEqual({ ...before, bandwidthThrottling: 25 });
  });
});
