import {
  DescribeSourceServersCommand,
  GetReplicationConfigurationCommand,
  UpdateReplicationConfigurationCommand,
} from "@aws-sdk/client-drs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RunningSimulator, startSimulator } from "../src/index";
import { flatFleet, sdkClients } from "./sdk-clients";

describe("DRS replication configuration through the real SDK", () => {
  let sim: RunningSimulator;
  beforeEach(async () => {
    sim = await startSimulator({ port: 0, seed: 3, timeScale: 60, fleet: flatFleet(2) });
  });
  afterEach(() => sim.close());

  it("starts from DRS defaults and keeps what UpdateReplicationConfiguration changed", async () => {
    const { drs } = sdkClients(sim);
    const id = (await drs.send(new DescribeSourceServersCommand({}))).items?.[0]?.sourceServerID ?? "";
    const initial = await drs.send(new GetReplicationConfigurationCommand({ sourceServerID: id }));
    expect(initial).toMatchObject({ bandwidthThrottling: 0, dataPlaneRouting: "PRIVATE_IP" });
    expect(initial.pitPolicy).toHaveLength(3);
    const updated = await drs.send(
      new UpdateReplicationConfigurationCommand({
        sourceServerID: id,
        bandwidthThrottling: 100,
        pitPolicy: [{ ruleID: 1, units: "HOUR", interval: 1, retentionDuration: 48, enabled: true }],
      }),
    );
    expect(updated.bandwidthThrottling).toBe(100);
    const read = await drs.send(new GetReplicationConfigurationCommand({ sourceServerID: id }));
    expect(read.pitPolicy).toEqual([
      { ruleID: 1, units: "HOUR", interval: 1, retentionDuration: 48, enabled: true },
    ]);
    expect(read.stagingAreaSubnetId).toBe(initial.stagingAreaSubnetId);
  });

  it("refuses an unknown staging subnet and a negative bandwidth limit", async () => {
    const { drs } = sdkClients(sim, "us-east-1", { maxAttempts: 1 });
    const id = (await drs.send(new DescribeSourceServersCommand({}))).items?.[0]?.sourceServerID ?? "";
    for (const change of [{ stagingAreaSubnetId: "subnet-0000000000000dead" }, { bandwidthThrottling: -1 }]) {
      await expect(
        drs.send(new UpdateReplicationConfigurationCommand({ sourceServerID: id, ...change })),
      ).rejects.toMatchObject({ name: "ValidationException" });
    }
  });
});
