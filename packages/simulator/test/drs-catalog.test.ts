import {
  DescribeRecoverySnapshotsCommand,
  DescribeSourceServersCommand,
  GetLaunchConfigurationCommand,
  ListTagsForResourceCommand,
  paginateDescribeSourceServers,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateLaunchConfigurationCommand,
} from "@aws-sdk/client-drs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoFleet, type RunningSimulator, startSimulator } from "../src/index";
import { flatFleet, sdkClients } from "./sdk-clients";

describe("DRS source-server catalog through @aws-sdk/client-drs", () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 7 });
  });
  afterAll(() => sim.close());

  it("serves the demo fleet: both accounts and regions, tagged servers with real-looking ids, some unhealthy", async () => {
    let total = 0;
    const states = new Set<string>();
    for (const region of ["us-east-1", "us-west-2"]) {
      const { drs } = sdkClients(sim, region);
      const page = await drs.send(new DescribeSourceServersCommand({ maxResults: 1000 }));
      for (const server of page.items ?? []) {
        expect(server.sourceServerID).toMatch(/^s-[0-9a-f]{17}$/);
        expect(server.arn).toBe(`arn:aws:drs:${region}:111111111111:source-server/${server.sourceServerID}`);
        expect(Object.keys(server.tags ?? {})).toEqual(
          expect.arrayContaining(["Application", "Tier", "Environment"]),
        );
        expect(["web", "app", "database"]).toContain(server.tags?.Tier);
        expect(server.sourceProperties?.identificationHints?.hostname).toBeTruthy();
        states.add(server.dataReplicationInfo?.dataReplicationState ?? "");
      }
      total += page.items?.length ?? 0;
    }
    const state = sim.control.state();
    const fleetTotal = state.accounts.flatMap((a) => a.regions).reduce((n, r) => n + r.sourceServers, 0);
    expect(fleetTotal).toBeGreaterThanOrEqual(48);
    expect(total).toBeGreaterThan(20);
    expect(states).toContain("CONTINUOUS");
    expect([...states].some((s) => s === "STALLED" || s === "DISCONNECTED")).toBe(true);
  });

  it("pages through 250 servers with nextToken/maxResults, each server exactly once", async () => {
    sim.control.setFleet(flatFleet(250));
    try {
      const { drs } = sdkClients(sim);
      const ids: string[] = [];
      let pages = 0;
      for await (const page of paginateDescribeSourceServers({ client: drs, pageSize: 100 }, {})) {
        pages++;
        ids.push(...(page.items ?? []).map((s) => s.sourceServerID ?? ""));
      }
      expect(pages).toBe(3);
      expect(ids).toHaveLength(250);
      expect(new Set(ids).size).toBe(250);

      const first = await drs.send(new DescribeSourceServersCommand({}));
      expect(first.items).toHaveLength(100);
      expect(first.nextToken).toBeTruthy();
    } finally {
      sim.control.setFleet(demoFleet());
    }
  });

  it("filters by sourceServerIDs and returns nothing for a staging account that is not used", async () => {
    const { drs } = sdkClients(sim);
    const all = await drs.send(new DescribeSourceServersCommand({}));
    const wanted = (all.items ?? []).slice(0, 3).map((s) => s.sourceServerID ?? "");
    const some = await drs.send(new DescribeSourceServersCommand({ filters: { sourceServerIDs: wanted } }));
    expect((some.items ?? []).map((s) => s.sourceServerID).sort()).toEqual([...wanted].sort());
    const staged = await drs.send(
      new DescribeSourceServersCommand({ filters: { stagingAccountIDs: ["333333333333"] } }),
    );
    expect(staged.items).toEqual([]);
  });

  it("returns and updates a server's launch configuration", async () => {
    const { drs } = sdkClients(sim);
    const [server] = (await drs.send(new DescribeSourceServersCommand({}))).items ?? [];
    const id = server?.sourceServerID ?? "";
    const config = await drs.send(new GetLaunchConfigurationCommand({ sourceServerID: id }));
    expect(config.sourceServerID).toBe(id);
    expect(config.ec2LaunchTemplateID).toMatch(/^lt-[0-9a-f]{17}$/);
    expect(config.launchDisposition).toBe("STARTED");
    await drs.send(new UpdateLaunchConfigurationCommand({ sourceServerID: id, copyPrivateIp: true }));
    const updated = await drs.send(new GetLaunchConfigurationCommand({ sourceServerID: id }));
    expect(updated.copyPrivateIp).toBe(true);
  });

  it("lists recovery snapshots newest first on request, and they are usable point-in-time ids", async () => {
    const { drs } = sdkClients(sim);
    const [server] = (await drs.send(new DescribeSourceServersCommand({}))).items ?? [];
    const snapshots = await drs.send(
      new DescribeRecoverySnapshotsCommand({ sourceServerID: server?.sourceServerID ?? "", order: "DESC" }),
    );
    const items = snapshots.items ?? [];
    expect(items.length).toBeGreaterThan(5);
    expect(items[0]?.snapshotID).toMatch(/^pit-[0-9a-f]{17}$/);
    const times = items.map((s) => Date.parse(s.expectedTimestamp ?? ""));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it("tags and untags a source server by ARN", async () => {
    const { drs } = sdkClients(sim);
    const [server] = (await drs.send(new DescribeSourceServersCommand({}))).items ?? [];
    const arn = server?.arn ?? "";
    await drs.send(
      new TagResourceCommand({ resourceArn: arn, tags: { Owner: "dr-team", CostCenter: "42" } }),
    );
    expect((await drs.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags).toMatchObject({
      Owner: "dr-team",
      CostCenter: "42",
    });
    await drs.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ["CostCenter"] }));
    const tags = (await drs.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags ?? {};
    expect(tags.Owner).toBe("dr-team");
    expect(tags).not.toHaveProperty("CostCenter");
  });
});
