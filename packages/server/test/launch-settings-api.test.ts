import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SimulatedApi, startSimulatedApi } from "./support/simulated-aws-deps";

const HOME = "111111111111";
const scope = `accountId=${HOME}&region=us-east-1`;

describe("launch settings routes against the simulator", () => {
  let s: SimulatedApi;
  let serverId = "";
  let subnetId = "";
  let sgId = "";
  beforeAll(async () => {
    s = await startSimulatedApi();
    const servers = await s.api.get(`/api/drs/source-servers?${scope}`);
    serverId = servers.body.data.items[0].serverId;
    subnetId = (await s.api.get(`/api/ec2/subnets?${scope}`)).body.data.items[0].subnetId;
    sgId = (await s.api.get(`/api/ec2/security-groups?${scope}`)).body.data.items[0].groupId;
  });
  afterAll(() => s.close());

  const path = () => `/api/drs/source-servers/${serverId}/launch-settings?${scope}`;

  it("changes the DRS launch configuration and the EC2 template, and reads them back", async () => {
    const put = await s.api.put(
      path(),
      {
        launchConfiguration: { launchDisposition: "STOPPED", copyPrivateIp: true },
        launchTemplate: { instanceType: "m5.large", subnetId, securityGroupIds: [sgId] },
      },
      { role: "DRSPlanManager" },
    );
    expect(put.status, put.text).toBe(200);
    const got = await s.api.get(path(), { role: "DRSReadOnly" });
    expect(got.body.data).toMatchObject({
      sourceServerId: serverId,
      launchConfiguration: { launchDisposition: "STOPPED", copyPrivateIp: true },
      launchTemplate: { instanceType: "m5.large", subnetId, securityGroupIds: [sgId] },
    });
    const templates = await s.api.get(`/api/ec2/launch-templates?${scope}&sourceServerIds=${serverId}`);
    expect(templates.body.data.items).toEqual([got.body.data]);
  });

  it("answers 400 naming the field for an unknown subnet or an instance type not offered, and applies nothing", async () => {
    const before = (await s.api.get(path())).body.data;
    for (const [body, field] of [
      [
        { launchTemplate: { subnetId: "subnet-0000000000000dead", instanceType: "t3.micro" } },
        "launchTemplate.subnetId",
      ],
      [
        { launchConfiguration: { copyTags: false }, launchTemplate: { instanceType: "x9.enormous" } },
        "launchTemplate.instanceType",
      ],
      [
        { launchTemplate: { securityGroupIds: ["sg-0000000000000dead"] } },
        "launchTemplate.securityGroupIds.0",
      ],
    ] as const) {
      const res = await s.api.put(path(), body);
      expect(res.status, res.text).toBe(400);
      expect(res.body.error.details).toEqual({ field });
    }
    expect((await s.api.get(path())).body.data).toEqual(before);
  });

  it("refuses malformed bodies and unknown fields with 400", async () => {
    for (const body of [
      { launchConfiguration: { launchDisposition: "RUNNING" } },
      { launchTemplate: { privateIpAddress: "999.1.1.1" } },
      { launchTemplate: { keyName: "mine" } },
      [],
    ]) {
      const res = await s.api.put(path(), body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
  });

  it("does not let a read-only user change launch settings", async () => {
    const res = await s.api.put(path(), { launchConfiguration: { copyTags: true } }, { role: "DRSReadOnly" });
    expect(res.status).toBe(403);
  });

  it("refuses a protection group whose launch settings name an unknown subnet, and stores nothing", async () => {
    const before = (await s.api.get("/api/protection-groups")).body.data.items.length;
    const res = await s.api.post("/api/protection-groups", {
      groupName: "Bad launch settings",
      accountId: HOME,
      region: "us-east-1",
      tagCriteria: { Tier: "web" },
      launchSettings: { launchTemplate: { subnetId: "subnet-0000000000000dead" } },
    });
    expect(res.status, res.text).toBe(400);
    expect(res.body.error.details).toEqual({ field: "launchTemplate.subnetId" });
    expect((await s.api.get("/api/protection-groups")).body.data.items.length).toBe(before);
  });
});
