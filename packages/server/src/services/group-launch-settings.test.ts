import { DescribeInstancesCommand, EC2Client } from "@aws-sdk/client-ec2";
import { SIMULATOR_CREDENTIALS } from "@drso/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createPlan,
  type ExecutionEnv,
  HOME,
  startExecutionEnv,
  waitForExecution,
} from "../runner/testing/execution-test-env";
import { requireExecutions } from "./executions";

describe("a protection group's launch settings at execution start", () => {
  let env: ExecutionEnv;
  beforeAll(async () => {
    env = await startExecutionEnv();
    env.api.deps.launchSettings = env.adapters.launchSettings;
    env.api.deps.ec2 = env.adapters.ec2;
  });
  afterAll(() => env.close());

  it("launches the drill's instances with the group's instance type and subnet, and records what it changed", async () => {
    const scope = `accountId=${HOME}&region=us-east-1`;
    const subnets = (await env.api.get(`/api/ec2/subnets?${scope}`)).body.data.items as {
      subnetId: string;
    }[];
    const subnetId = subnets[subnets.length - 1]?.subnetId ?? "";
    const launchSettings = {
      launchConfiguration: { launchDisposition: "STARTED" },
      launchTemplate: { instanceType: "r5.large", subnetId },
    };
    const group = await env.api.post("/api/protection-groups", {
      groupName: "Launch settings group",
      accountId: HOME,
      region: "us-east-1",
      tagCriteria: { Application: "OrderPortal", Tier: "web" },
      launchSettings,
    });
    expect(group.status, group.text).toBe(201);
    expect(group.body.data.launchSettings).toEqual(launchSettings);
    const planId = await createPlan(env.api, [
      { waveNumber: 1, waveName: "Web", protectionGroupIds: [group.body.data.groupId] },
    ]);
    const started = await env.api.post(`/api/recovery-plans/${planId}/execute`, { executionType: "DRILL" });
    expect(started.status, started.text).toBe(202);
    const id = started.body.data.executionId as string;
    const done = await waitForExecution(env.api, id);
    expect(done.status).toBe("COMPLETED");

    const servers = done.waveStatus.flatMap((w) => w.servers);
    expect(servers.length).toBeGreaterThan(0);
    const ec2 = new EC2Client({
      endpoint: env.sim.endpoint,
      region: "us-east-1",
      credentials: SIMULATOR_CREDENTIALS,
    });
    try {
      const out = await ec2.send(
        new DescribeInstancesCommand({ InstanceIds: servers.map((s) => s.ec2InstanceId ?? "") }),
      );
      const instances = (out.Reservations ?? []).flatMap((r) => r.Instances ?? []);
      expect(instances).toHaveLength(servers.length);
      for (const i of instances) expect(i).toMatchObject({ InstanceType: "r5.large", SubnetId: subnetId });
    } finally {
      ec2.destroy();
    }

    const runtime = requireExecutions(env.api.deps);
    const created = (await runtime.store.events(id))
      .map((e) => e.event)
      .find((e) => e.type === "ExecutionCreated");
    const applied = created?.type === "ExecutionCreated" ? (created.launchSettingsApplied ?? []) : [];
    expect(applied.map((a) => a.serverId).sort()).toEqual(servers.map((s) => s.serverId).sort());
    for (const a of applied) {
      expect(a.changes).toContainEqual(
        expect.objectContaining({ field: "launchTemplate.instanceType", to: "r5.large" }),
      );
      expect(a.changes).toContainEqual(
        expect.objectContaining({ field: "launchTemplate.subnetId", to: subnetId }),
      );
      expect(a.changes.map((c) => c.field)).not.toContain("launchConfiguration.launchDisposition");
    }
  });
  it("refuses the start, changing no server, when a default does not fit a server's own template", async () => {
    const scope = `accountId=${HOME}&region=us-east-1`;
    const subnets = (await env.api.get(`/api/ec2/subnets?${scope}`)).body.data.items as {
      subnetId: string;
      vpcId: string;
    }[];
    const groups = (await env.api.get(`/api/ec2/security-groups?${scope}`)).body.data.items as {
      groupId: string;
      groupName: string;
      vpcId: string;
    }[];
    const group = await env.api.post("/api/protection-groups", {
      groupName: "Misfit security group",
      accountId: HOME,
      region: "us-east-1",
      tagCriteria: { Application: "OrderPortal", Tier: "app" },
    });
    expect(group.status, group.text).toBe(201);
    const serverIds = (
      (
        await env.api.post("/api/protection-groups/resolve", {
          accountId: HOME,
          region: "us-east-1",
          tagCriteria: { Application: "OrderPortal", Tier: "app" },
        })
      ).body.data.servers as { serverId: string }[]
    ).map((s) => s.serverId);
    expect(serverIds.length).toBeGreaterThan(1);
    const templateOf = async (id: string) =>
      (await env.api.get(`/api/drs/source-servers/${id}/launch-settings?${scope}`)).body.data.launchTemplate;
    // One server in a subnet of the shared-services VPC, the rest in the recovery VPC: the group's
    // security group (of the recovery VPC) then fits every server but that one.
    const [odd, ...rest] = serverIds;
    const [recoveryVpc, sharedVpc] = [...new Set(subnets.map((s) => s.vpcId))];
    const place = async (id: string, vpcId: string | undefined) => {
      const res = await env.api.put(`/api/drs/source-servers/${id}/launch-settings?${scope}`, {
        launchTemplate: {
          subnetId: subnets.find((s) => s.vpcId === vpcId)?.subnetId,
          securityGroupIds: [groups.find((g) => g.vpcId === vpcId)?.groupId],
        },
      });
      expect(res.status, res.text).toBe(200);
    };
    await place(odd ?? "", sharedVpc);
    for (const id of rest) await place(id, recoveryVpc);
    const fitting = groups.find((g) => g.vpcId === recoveryVpc && g.groupName !== "default");
    const before = await Promise.all(serverIds.map(templateOf));

    const updated = await env.api.put(`/api/protection-groups/${group.body.data.groupId}`, {
      groupName: "Misfit security group",
      accountId: HOME,
      region: "us-east-1",
      tagCriteria: { Application: "OrderPortal", Tier: "app" },
      launchSettings: { launchTemplate: { securityGroupIds: [fitting?.groupId] } },
      version: group.body.data.version,
    });
    expect(updated.status, updated.text).toBe(200);
    const planId = await createPlan(env.api, [
      { waveNumber: 1, waveName: "App", protectionGroupIds: [group.body.data.groupId] },
    ]);
    const started = await env.api.post(`/api/recovery-plans/${planId}/execute`, { executionType: "DRILL" });
    expect(started.status, started.text).toBe(400);
    expect(started.body.error.code).toBe("INVALID_LAUNCH_SETTINGS");
    expect(started.body.error.details.servers.map((m: { serverId: string }) => m.serverId)).toEqual([odd]);
    expect(await Promise.all(serverIds.map(templateOf))).toEqual(before);
  });
});
