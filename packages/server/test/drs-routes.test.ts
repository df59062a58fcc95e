import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SimulatedApi, startSimulatedApi } from "./support/simulated-aws-deps";

const HOME = "111111111111";
const TARGET = "222222222222";
const target = {
  accountId: TARGET,
  accountName: "Recovery account",
  roleArn: "arn:aws:iam::222222222222:role/DRSOrchestrationCrossAccountRole",
  externalId: "drso-demo-external-id",
  regions: ["us-east-1", "us-west-2"],
};

describe("DRS and EC2 routes against the simulator's demo fleet", () => {
  let s: SimulatedApi;
  beforeAll(async () => {
    s = await startSimulatedApi();
    const created = await s.api.post("/api/accounts/targets", target);
    expect(created.status).toBe(201);
  });
  afterAll(() => s.close());

  it("lists the home account's source servers with the protection group that already holds each", async () => {
    const before = await s.api.get(`/api/drs/source-servers?accountId=${HOME}&region=us-east-1`, {
      role: "DRSReadOnly",
    });
    expect(before.status).toBe(200);
    const items = before.body.data.items as {
      serverId: string;
      hostname: string;
      tags: Record<string, string>;
    }[];
    expect(items.length).toBeGreaterThanOrEqual(10);
    expect(items.every((i) => i.serverId.startsWith("s-") && i.tags.Application)).toBe(true);
    const [first, second] = items;
    const group = await s.api.post("/api/protection-groups", {
      groupName: "Route test group",
      accountId: HOME,
      region: "us-east-1",
      serverIds: [first!.serverId],
    });
    expect(group.status).toBe(201);
    const after = await s.api.get(`/api/drs/source-servers?accountId=${HOME}&region=us-east-1`);
    const byId = new Map(
      (after.body.data.items as { serverId: string; assignedToProtectionGroup: string | null }[]).map((i) => [
        i.serverId,
        i,
      ]),
    );
    expect(byId.get(first!.serverId)).toMatchObject({
      assignedToProtectionGroup: group.body.data.groupId,
      protectionGroupName: "Route test group",
    });
    expect(byId.get(second!.serverId)).toMatchObject({
      assignedToProtectionGroup: null,
      protectionGroupName: null,
    });
  });

  it("previews a tag-based group against the target account's DRS servers (catalog wired through AssumeRole)", async () => {
    const res = await s.api.post("/api/protection-groups/resolve", {
      accountId: TARGET,
      region: "us-east-1",
      tagCriteria: { Application: "CustomerCRM", Tier: "database" },
    });
    expect(res.status).toBe(200);
    expect(res.body.data.serverCount).toBe(2);
    expect(res.body.data.servers.map((x: { hostname: string }) => x.hostname).sort()).toEqual([
      "customercrm-database-01",
      "customercrm-database-02",
    ]);
  });

  it("refuses an explicit group naming a server DRS does not have", async () => {
    const res = await s.api.post("/api/protection-groups", {
      groupName: "Ghost group",
      accountId: HOME,
      region: "us-east-1",
      serverIds: ["s-0000000000000dead"],
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.error)).toContain("s-0000000000000dead");
  });

  it("filters by replication state so an operator finds the unhealthy servers", async () => {
    const res = await s.api.get(
      `/api/drs/source-servers?accountId=${HOME}&region=us-east-1&replicationState=STALLED`,
    );
    expect(res.status).toBe(200);
    expect(res.body.data.items.map((x: { hostname: string }) => x.hostname)).toEqual(["payments-app-02"]);
  });

  it("lists a target account's servers through AssumeRole", async () => {
    const res = await s.api.get(`/api/drs/source-servers?accountId=${TARGET}&region=us-west-2`);
    expect(res.status).toBe(200);
    expect(res.body.data.items.length).toBeGreaterThan(0);
    expect(res.body.data.items.every((i: { accountId: string }) => i.accountId === TARGET)).toBe(true);
  });

  it("refuses an account that is not configured (404) and a malformed region (400)", async () => {
    const unknown = await s.api.get("/api/drs/source-servers?accountId=333333333333&region=us-east-1");
    expect(unknown.status).toBe(404);
    const bad = await s.api.get("/api/drs/source-servers?region=mars-1");
    expect(bad.status).toBe(400);
    expect(bad.body.error?.code).toBe("VALIDATION_ERROR");
    const notConfigured = await s.api.get(`/api/drs/source-servers?accountId=${TARGET}&region=eu-west-1`);
    expect(notConfigured.status).toBe(400);
  });

  it("lists the home account and the target accounts with their regions", async () => {
    const res = await s.api.get("/api/drs/accounts", { role: "DRSOperator" });
    expect(res.status).toBe(200);
    expect(res.body.data.items).toEqual([
      expect.objectContaining({ accountId: HOME, isHome: true, regions: ["us-east-1", "us-west-2"] }),
      expect.objectContaining({ accountId: TARGET, isHome: false, regions: ["us-east-1", "us-west-2"] }),
    ]);
  });

  it("reports quota limits from settings against current use, per account and region", async () => {
    const res = await s.api.get(`/api/drs/quotas?accountId=${HOME}&region=us-east-1`);
    expect(res.status).toBe(200);
    const [quota] = res.body.data.items;
    expect(quota).toMatchObject({
      accountId: HOME,
      region: "us-east-1",
      limits: { maxServersPerJob: 100, maxConcurrentJobs: 20, maxServersInActiveJobs: 500 },
      usage: { activeJobs: 0, serversInActiveJobs: 0, recoveryInstances: 0 },
      headroom: { jobs: 20, serversInActiveJobs: 500 },
    });
    expect(quota.usage.replicatingServers).toBeGreaterThan(0);
    const all = await s.api.get("/api/drs/quotas");
    expect(all.body.data.items).toHaveLength(4);
  });

  it("counts a running job in quota use and returns its job log", async () => {
    const servers = await s.adapters.catalog.listSourceServers(HOME, "us-west-2");
    const healthy = servers.filter((x) => x.replicationState === "CONTINUOUS").slice(0, 3);
    const { jobId } = await s.adapters.launcher.startRecovery({
      executionId: "exec-route",
      batchId: "batch-route",
      accountId: HOME,
      region: "us-west-2",
      isDrill: true,
      servers: healthy.map((x) => ({ serverId: x.serverId })),
    });
    const quotas = await s.api.get(`/api/drs/quotas?accountId=${HOME}&region=us-west-2`);
    const usage = quotas.body.data.items[0].usage;
    // The job may already have finished at this time scale; if it is still active it counts its servers.
    expect(usage.activeJobs === 0 || usage.serversInActiveJobs === 3).toBe(true);

    const logs = await s.api.get(`/api/drs/job-logs/${jobId}?accountId=${HOME}&region=us-west-2`);
    expect(logs.status).toBe(200);
    expect(logs.body.data.jobId).toBe(jobId);
    expect(logs.body.data.items[0].event).toBe("JOB_START");
    const missing = await s.api.get(
      `/api/drs/job-logs/drsjob-00000000000000000?accountId=${HOME}&region=us-west-2`,
    );
    expect(missing.status).toBe(404);
  });

  it("lists subnets, security groups, instance types and instance profiles", async () => {
    for (const kind of ["subnets", "security-groups", "instance-types", "instance-profiles"]) {
      const res = await s.api.get(`/api/ec2/${kind}?accountId=${HOME}&region=us-east-1`, {
        role: "DRSReadOnly",
      });
      expect(res.status, kind).toBe(200);
      expect(res.body.data.items.length, kind).toBeGreaterThan(0);
    }
    const subnets = await s.api.get(`/api/ec2/subnets?region=us-east-1`);
    const vpcId = subnets.body.data.items[0].vpcId as string;
    const inVpc = await s.api.get(`/api/ec2/subnets?region=us-east-1&vpcId=${vpcId}`);
    expect(inVpc.body.data.items.every((x: { vpcId: string }) => x.vpcId === vpcId)).toBe(true);
    const zone = subnets.body.data.items[0].availabilityZone as string;
    const inZone = await s.api.get(`/api/ec2/subnets?region=us-east-1&availabilityZone=${zone}`);
    expect(inZone.body.data.items.length).toBeGreaterThan(0);
    expect(
      inZone.body.data.items.every((x: { availabilityZone: string }) => x.availabilityZone === zone),
    ).toBe(true);
    const m5 = await s.api.get("/api/ec2/instance-types?region=us-east-1&instanceFamily=m5");
    expect(m5.body.data.items.length).toBeGreaterThan(0);
    expect(m5.body.data.items.every((t: { instanceType: string }) => t.instanceType.startsWith("m5."))).toBe(
      true,
    );
    const types = await s.api.get(`/api/ec2/instance-types?accountId=${TARGET}&region=us-west-2`);
    expect(types.body.data.items.map((t: { instanceType: string }) => t.instanceType)).toContain("m5.large");
  });

  it("requires authentication on every DRS and EC2 route", async () => {
    for (const path of [
      "/api/drs/source-servers",
      "/api/drs/quotas",
      "/api/drs/accounts",
      "/api/ec2/subnets",
    ]) {
      const res = await s.api.get(path, { role: null });
      expect(res.status, path).toBe(401);
    }
  });
});

describe("DRS and EC2 routes refuse malformed query parameters with 400", () => {
  let s: SimulatedApi;
  beforeAll(async () => {
    s = await startSimulatedApi();
  });
  afterAll(() => s.close());

  it.each([
    "/api/drs/source-servers?accountId=abc",
    "/api/drs/source-servers?region=US_EAST_1",
    "/api/drs/source-servers?replicationState=BROKEN",
    "/api/drs/quotas?accountId=1234",
    "/api/drs/job-logs/not-a-job?region=us-east-1",
    "/api/drs/job-logs/drsjob-0123?accountId=x",
    "/api/ec2/subnets?vpcId=vpc-XYZ",
    "/api/ec2/security-groups?vpcId=subnet-0123abcd",
    "/api/ec2/instance-types?region=nowhere",
    "/api/ec2/instance-types?instanceFamily=M5;drop",
    "/api/ec2/subnets?availabilityZone=us-east-1",
    "/api/ec2/instance-profiles?accountId=1111111111111",
  ])("%s", async (path) => {
    const res = await s.api.get(path);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ success: false, error: { code: "VALIDATION_ERROR" } });
  });

  it("answers 400 to a malformed account id on validate and 404 to an unknown one", async () => {
    expect((await s.api.post("/api/accounts/targets/abc/validate", undefined)).status).toBe(400);
    expect((await s.api.post("/api/accounts/targets/123456789012/validate", undefined)).status).toBe(404);
  });
});
