import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  HOME,
  type SimulatedAws,
  servers,
  simulatedAws,
  TARGET,
  twoAccountFleet,
} from "./support/simulated-aws";

describe("DrsSourceServerCatalog against the simulator", () => {
  let aws: SimulatedAws;
  beforeAll(async () => {
    aws = await simulatedAws(
      twoAccountFleet(
        [
          { region: "us-east-1", servers: servers(250) },
          { region: "us-west-2", servers: servers(3, "west") },
        ],
        [{ region: "us-east-1", servers: servers(5, "target") }],
      ),
      { pageSize: 100 },
    );
  });
  afterAll(() => aws.close());

  it("lists every server of an account/region across DescribeSourceServers pages", async () => {
    const list = await aws.adapters.catalog.listSourceServers(HOME, "us-east-1");
    expect(list).toHaveLength(250);
    expect(new Set(list.map((s) => s.serverId)).size).toBe(250);
    const first = list.find((s) => s.hostname === "srv-0000");
    expect(first).toMatchObject({
      accountId: HOME,
      region: "us-east-1",
      replicationState: "CONTINUOUS",
      tags: { Application: "Even", Tier: "app", Environment: "Test" },
    });
    expect(first?.serverId).toMatch(/^s-[0-9a-f]{17}$/);
  });

  it("keeps regions apart", async () => {
    const west = await aws.adapters.catalog.listSourceServers(HOME, "us-west-2");
    expect(west.map((s) => s.hostname).sort()).toEqual(["west-0000", "west-0001", "west-0002"]);
  });

  it("returns only the requested servers that exist, even for more ids than one DRS filter takes", async () => {
    const all = await aws.adapters.catalog.listSourceServers(HOME, "us-east-1");
    const wanted = all.slice(0, 230).map((s) => s.serverId);
    const found = await aws.adapters.catalog.getSourceServers(HOME, "us-east-1", [
      ...wanted,
      "s-00000000000000000",
    ]);
    expect(found.map((s) => s.serverId).sort()).toEqual([...wanted].sort());
  });

  it("lists the servers of the target account through AssumeRole", async () => {
    const list = await aws.adapters.catalog.listSourceServers(TARGET, "us-east-1");
    expect(list.map((s) => s.hostname).sort()).toEqual([
      "target-0000",
      "target-0001",
      "target-0002",
      "target-0003",
      "target-0004",
    ]);
    expect(list.every((s) => s.accountId === TARGET)).toBe(true);
  });
});
