import { describe, expect, it } from "vitest";
import { ValidationError } from "./errors";
import { ReplicationSettings, validateReplicationSettings } from "./replication-settings";

const inventory = {
  subnets: [{ subnetId: "subnet-0aaaaaaaaaaaaaaa1", vpcId: "vpc-a" }],
  instanceTypes: ["t3.small"],
};

describe("replication settings", () => {
  it("accepts a partial change and defaults a PIT rule to enabled", () => {
    const parsed = ReplicationSettings.parse({
      bandwidthThrottling: 0,
      pitPolicy: [{ units: "DAY", interval: 1, retentionDuration: 7 }],
    });
    expect(parsed.pitPolicy?.[0]?.enabled).toBe(true);
  });

  it("refuses a PIT policy with no enabled rule, a negative bandwidth and unknown fields", () => {
    for (const bad of [
      { pitPolicy: [{ units: "DAY", interval: 1, retentionDuration: 7, enabled: false }] },
      { bandwidthThrottling: -5 },
      { throttle: 5 },
    ])
      expect(ReplicationSettings.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });

  it("names the staging subnet or replication server type the region does not have", () => {
    const fieldOf = (s: ReplicationSettings) => {
      try {
        validateReplicationSettings(s, inventory);
      } catch (e) {
        expect(e).toBeInstanceOf(ValidationError);
        return (e as ValidationError).details;
      }
    };
    expect(fieldOf({ stagingAreaSubnetId: "subnet-0bbbbbbbbbbbbbbb1" })).toEqual({
      field: "stagingAreaSubnetId",
    });
    expect(fieldOf({ replicationServerInstanceType: "m5.large" })).toEqual({
      field: "replicationServerInstanceType",
    });
    expect(
      fieldOf({ stagingAreaSubnetId: "subnet-0aaaaaaaaaaaaaaa1", replicationServerInstanceType: "t3.small" }),
    ).toBe(undefined);
  });
});
