import {
  DescribeJobLogItemsCommand,
  DescribeRecoveryInstancesCommand,
  DescribeRecoverySnapshotsCommand,
  DrsClient,
  type RecoverySnapshot,
} from "@aws-sdk/client-drs";
import { SIMULATOR_CREDENTIALS } from "@drso/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createPlan,
  type ExecutionEnv,
  startExecutionEnv,
  tagGroup,
  waitForExecution,
} from "../runner/testing/execution-test-env";

const MINUTE = 60_000;

describe("recovering to a chosen point in time", () => {
  let env: ExecutionEnv;
  let drs: DrsClient;
  beforeAll(async () => {
    env = await startExecutionEnv();
    drs = new DrsClient({
      endpoint: env.sim.endpoint,
      region: "us-east-1",
      credentials: SIMULATOR_CREDENTIALS,
    });
  });
  afterAll(async () => {
    drs.destroy();
    await env.close();
  });

  /** What DRS itself lists: the newest snapshot captured at or before `pit`. */
  const expectedSnapshot = async (serverId: string, pit: Date): Promise<RecoverySnapshot | undefined> => {
    const items =
      (await drs.send(new DescribeRecoverySnapshotsCommand({ sourceServerID: serverId }))).items ?? [];
    return items
      .filter((s) => Date.parse(s.timestamp ?? "") <= pit.getTime())
      .sort((a, b) => Date.parse(b.timestamp ?? "") - Date.parse(a.timestamp ?? ""))[0];
  };

  it("launches every server of a drill from its newest snapshot at or before the point in time", async () => {
    const groupId = await tagGroup(env.api, { Application: "OrderPortal", Tier: "database" });
    const planId = await createPlan(env.api, [
      { waveNumber: 1, waveName: "DB", protectionGroupIds: [groupId] },
    ]);
    const pit = new Date(Date.now() - 45 * MINUTE);
    const started = await env.api.post(`/api/recovery-plans/${planId}/execute`, {
      executionType: "DRILL",
      pointInTime: pit.toISOString(),
    });
    expect(started.status, started.text).toBe(202);
    expect(started.body.data.pointInTime).toBe(pit.toISOString());
    const done = await waitForExecution(env.api, started.body.data.executionId as string);
    expect(done.status).toBe("COMPLETED");

    const servers = done.waveStatus.flatMap((w) => w.servers);
    expect(servers.length).toBeGreaterThan(0);
    const report = (await env.api.get(`/api/executions/${done.executionId}/report`)).body.data;
    expect(report.pointInTime).toBe(pit.toISOString());
    expect(report.recoverySnapshots).toEqual(
      expect.arrayContaining(
        servers.map((s) =>
          expect.objectContaining({ serverId: s.serverId, recoverySnapshotId: s.recoverySnapshotId }),
        ),
      ),
    );
    const html = await env.api.request("GET", `/api/executions/${done.executionId}/report?format=html`);
    expect(html.text).toContain(`Recovered to ${pit.toISOString()}`);
    for (const server of servers) expect(html.text).toContain(server.recoverySnapshotId ?? "missing");
    for (const server of servers) {
      const snapshot = await expectedSnapshot(server.serverId, pit);
      expect(snapshot?.snapshotID).toBeDefined();
      // The execution says which snapshot each server came from ...
      expect(server.recoverySnapshotId).toBe(snapshot?.snapshotID);
      expect(server.recoverySnapshotTime).toBe(snapshot?.timestamp);
      // ... and DRS really launched from it: the recovery instance carries that snapshot's point in
      // time and the job reused a previous snapshot instead of taking a new one.
      const [instance] =
        (
          await drs.send(
            new DescribeRecoveryInstancesCommand({ filters: { sourceServerIDs: [server.serverId] } }),
          )
        ).items ?? [];
      expect(instance?.pointInTimeSnapshotDateTime).toBe(snapshot?.expectedTimestamp);
      const log = (await drs.send(new DescribeJobLogItemsCommand({ jobID: server.jobId ?? "" }))).items ?? [];
      expect(log.map((i) => i.event)).toContain("USING_PREVIOUS_SNAPSHOT");
    }
  });

  it("recovers from fresh snapshots when no point in time is given", async () => {
    const groupId = await tagGroup(env.api, { Application: "OrderPortal", Tier: "web" });
    const planId = await createPlan(env.api, [
      { waveNumber: 1, waveName: "Web", protectionGroupIds: [groupId] },
    ]);
    const started = await env.api.post(`/api/recovery-plans/${planId}/execute`, { executionType: "DRILL" });
    expect(started.status, started.text).toBe(202);
    const done = await waitForExecution(env.api, started.body.data.executionId as string);
    expect(done.pointInTime).toBeUndefined();
    const servers = done.waveStatus.flatMap((w) => w.servers);
    expect(servers.every((s) => s.recoverySnapshotId === undefined)).toBe(true);
    const log =
      (await drs.send(new DescribeJobLogItemsCommand({ jobID: servers[0]?.jobId ?? "" }))).items ?? [];
    expect(log.map((i) => i.event)).toContain("SNAPSHOT_START");
  });

  it("refuses, naming the servers and launching nothing, when servers have no snapshot that old", async () => {
    const groupId = await tagGroup(env.api, { Application: "OrderPortal", Tier: "app" });
    const planId = await createPlan(env.api, [
      { waveNumber: 1, waveName: "App", protectionGroupIds: [groupId] },
    ]);
    const members = (await env.api.get(`/api/protection-groups/${groupId}`)).body.data;
    const pit = new Date(Date.now() - 30 * 24 * 60 * MINUTE);
    const refused = await env.api.post(`/api/recovery-plans/${planId}/execute`, {
      executionType: "DRILL",
      pointInTime: pit.toISOString(),
    });
    expect(refused.status, refused.text).toBe(400);
    expect(refused.body.error.code).toBe("NO_RECOVERY_SNAPSHOT");
    const named = (refused.body.error.details.servers as { serverId: string; hostname: string }[]).map(
      (s) => s.hostname,
    );
    expect(named.length).toBeGreaterThan(0);
    for (const hostname of named) expect(refused.body.error.message).toContain(hostname);
    expect(members.serverCount ?? named.length).toBe(named.length);
    const executions = await env.api.get(`/api/executions?planId=${planId}`);
    expect(executions.body.data.items).toEqual([]);
  });

  it("refuses a point in time in the future or not a timestamp with 400", async () => {
    const groupId = await tagGroup(env.api, { Application: "Payments", Tier: "web" });
    const planId = await createPlan(env.api, [
      { waveNumber: 1, waveName: "Web", protectionGroupIds: [groupId] },
    ]);
    const future = await env.api.post(`/api/recovery-plans/${planId}/execute`, {
      executionType: "DRILL",
      pointInTime: new Date(Date.now() + 60 * MINUTE).toISOString(),
    });
    expect(future.status, future.text).toBe(400);
    expect(future.body.error.code).toBe("POINT_IN_TIME_IN_FUTURE");
    const garbage = await env.api.post("/api/executions", {
      planId,
      executionType: "DRILL",
      pointInTime: "yesterday",
    });
    expect(garbage.status, garbage.text).toBe(400);
    expect((await env.api.get(`/api/executions?planId=${planId}`)).body.data.items).toEqual([]);
  });
});
