import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SimulatedApi, startSimulatedApi } from "./support/simulated-aws-deps";

const scope = "accountId=111111111111&region=us-east-1";

describe("replication settings routes against the simulator", () => {
  let s: SimulatedApi;
  let path = "";
  beforeAll(async () => {
    s = await startSimulatedApi();
    const serverId = (await s.api.get(`/api/drs/source-servers?${scope}`)).body.data.items[0].serverId;
    path = `/api/drs/source-servers/${serverId}/replication-settings?${scope}`;
  });
  afterAll(() => s.close());

  it("changes bandwidth throttling and the point-in-time policy and reads them back", async () => {
    const pitPolicy = [{ ruleID: 1, units: "HOUR", interval: 2, retentionDuration: 24, enabled: true }];
    const put = await s.api.put(path, { bandwidthThrottling: 50, pitPolicy }, { role: "DRSPlanManager" });
    expect(put.status, put.text).toBe(200);
    const got = await s.api.get(path, { role: "DRSReadOnly" });
    expect(got.body.data).toMatchObject({ bandwidthThrottling: 50, pitPolicy });
  });

  it("answers 400 naming an unknown staging subnet, and changes nothing", async () => {
    const before = (await s.api.get(path)).body.data;
    const res = await s.api.put(path, {
      bandwidthThrottling: 7,
      stagingAreaSubnetId: "subnet-0000000000000dead",
    });
    expect(res.status, res.text).toBe(400);
    expect(res.body.error.details).toEqual({ field: "stagingAreaSubnetId" });
    expect((await s.api.get(path)).body.data).toEqual(before);
  });

  it("refuses malformed settings and read-only users", async () => {
    for (const body of [
      { bandwidthThrottling: -1 },
      { pitPolicy: [] },
      { dataPlaneRouting: "VPN" },
      { foo: 1 },
    ])
      expect((await s.api.put(path, body)).status, JSON.stringify(body)).toBe(400);
    expect((await s.api.put(path, { bandwidthThrottling: 1 }, { role: "DRSReadOnly" })).status).toBe(403);
  });
});
