import { selectRecoverySnapshot } from "@drso/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  HOME,
  type SimulatedAws,
  servers,
  simulatedAws,
  TARGET,
  twoAccountFleet,
} from "./support/simulated-aws";

const MINUTE = 60_000;

describe("DrsRecoveryLauncher.listRecoverySnapshots against the simulator", () => {
  let aws: SimulatedAws;
  beforeAll(async () => {
    // A page size of 5 makes the listing span several DescribeRecoverySnapshots pages.
    aws = await simulatedAws(
      twoAccountFleet(
        [{ region: "us-east-1", servers: servers(1) }],
        [{ region: "us-west-2", servers: servers(1, "t") }],
      ),
      { pageSize: 5 },
    );
  });
  afterAll(() => aws.close());

  it("lists every snapshot up to the given time across pages, none after it", async () => {
    const { catalog, launcher } = aws.adapters;
    const [server] = await catalog.listSourceServers(HOME, "us-east-1");
    const until = new Date(Date.now() - 90 * MINUTE);
    const all = await launcher.listRecoverySnapshots(HOME, "us-east-1", server?.serverId ?? "", new Date());
    const upTo = await launcher.listRecoverySnapshots(HOME, "us-east-1", server?.serverId ?? "", until);
    expect(all.length).toBeGreaterThan(5);
    expect(upTo.length).toBeGreaterThan(5);
    expect(upTo.length).toBeLessThan(all.length);
    expect(new Set(upTo.map((s) => s.snapshotId)).size).toBe(upTo.length);
    for (const s of upTo) {
      expect(s.serverId).toBe(server?.serverId);
      expect(s.snapshotId).toMatch(/^pit-/);
    }
    // The choice never lands after the point in time, and is the newest one that does not.
    const chosen = selectRecoverySnapshot(upTo, until);
    expect(Date.parse(chosen?.takenAt ?? "")).toBeLessThanOrEqual(until.getTime());
    const newest = all
      .filter((s) => Date.parse(s.takenAt) <= until.getTime())
      .sort((a, b) => Date.parse(b.takenAt) - Date.parse(a.takenAt))[0];
    expect(chosen?.snapshotId).toBe(newest?.snapshotId);
  });

  it("reads a target account's snapshots through the assumed role", async () => {
    const { catalog, launcher } = aws.adapters;
    const [server] = await catalog.listSourceServers(TARGET, "us-west-2");
    const list = await launcher.listRecoverySnapshots(
      TARGET,
      "us-west-2",
      server?.serverId ?? "",
      new Date(),
    );
    expect(list.length).toBeGreaterThan(0);
  });
});
