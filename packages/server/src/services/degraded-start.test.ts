import { DrsClient, TagResourceCommand } from "@aws-sdk/client-drs";
import type { Execution } from "@drso/core";
import { demoFleet, type FleetSpec, SIMULATOR_CREDENTIALS } from "@drso/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createPlan,
  type ExecutionEnv,
  HOME,
  serverGroup,
  serverIdsByTags,
  startExecutionEnv,
  tagGroup,
  waitForExecution,
} from "../runner/testing/execution-test-env";

/** The demo fleet with the source side of OrderPortal down, and one Intranet server still in its first sync. */
function fleetWithSourceDown(): FleetSpec {
  const fleet = demoFleet();
  for (const account of fleet.accounts)
    for (const region of account.regions)
      region.servers = (region.servers ?? []).map((s) =>
        s.hostname.startsWith("orderportal-")
          ? { ...s, replicationState: "DISCONNECTED" as const }
          : s.hostname === "intranet-web-01"
            ? { ...s, replicationState: "INITIAL_SYNC" as const }
            : s,
      );
  return fleet;
}

const servers = (e: Execution) => e.waveStatus.flatMap((w) => w.servers);
/**
 * The simulator's DISCONNECTED servers stopped replicating about 6 hours before it started (its
 * clock runs faster than the test's, so the age is compared within a margin).
 */
const DISCONNECTED_AGE_S = 360 * 60;

describe("starting when the source side is down", () => {
  let env: ExecutionEnv;
  let orderPortal: string;
  beforeAll(async () => {
    env = await startExecutionEnv({ fleet: fleetWithSourceDown() });
    const groups = await Promise.all(
      ["database", "app", "web"].map((tier) => tagGroup(env.api, { Application: "OrderPortal", Tier: tier })),
    );
    orderPortal = await createPlan(
      env.api,
      groups.map((g, i) => ({ waveNumber: i + 1, protectionGroupIds: [g] })),
    );
  });
  afterAll(() => env.close());

  it("a RECOVERY of servers that are all DISCONNECTED launches each from its last snapshot and reports its data age", async () => {
    const res = await env.api.post(`/api/recovery-plans/${orderPortal}/execute`, {
      executionType: "RECOVERY",
    });
    expect(res.status, res.text).toBe(202);
    const started = res.body.data as Execution;
    expect(servers(started)).toHaveLength(5);
    for (const s of servers(started)) {
      expect(s.replicationState).toBe("DISCONNECTED");
      expect(s.recoverySnapshotId).toMatch(/^pit-/);
      expect(s.dataAgeSeconds).toBeGreaterThanOrEqual(DISCONNECTED_AGE_S);
      expect(s.dataAgeSeconds).toBeLessThan(DISCONNECTED_AGE_S + 30 * 60);
    }

    const done = await waitForExecution(env.api, started.executionId);
    expect(done.status).toBe("COMPLETED");
    expect(done.waveStatus.map((w) => w.servers.length)).toEqual([1, 2, 2]);
    for (const s of servers(done)) {
      expect(s.health).toBe("HEALTHY");
      expect(s.dataAgeSeconds).toBeGreaterThanOrEqual(DISCONNECTED_AGE_S);
    }
    const report = (await env.api.get(`/api/executions/${started.executionId}/report`)).body.data;
    expect(report.serverResults).toHaveLength(5);
    for (const row of report.serverResults) {
      expect(row).toMatchObject({ replicationState: "DISCONNECTED", health: "HEALTHY" });
      expect(row.dataAgeSeconds).toBeGreaterThanOrEqual(DISCONNECTED_AGE_S);
      expect(row.recoveryInstanceId).toBeDefined();
    }
    const html = await env.api.request("GET", `/api/executions/${started.executionId}/report?format=html`);
    expect(html.text).toContain("orderportal-web-01");
    expect(html.text).toMatch(/DISCONNECTED/);

    // After terminate the servers show that their instances are gone, and when.
    await env.api.post(`/api/executions/${started.executionId}/terminate-instances`, undefined);
    const terminated = await waitForExecution(
      env.api,
      started.executionId,
      (e) => e.instancesTerminated,
      60_000,
    );
    for (const s of servers(terminated)) {
      expect(s).toMatchObject({ launchStatus: "TERMINATED", ec2State: "terminated" });
      expect(s.terminatedAt).toBeDefined();
    }
  });

  it("a DRILL needs allowDegraded, names the servers, and records that it was allowed", async () => {
    const refused = await env.api.post(`/api/recovery-plans/${orderPortal}/execute`, {
      executionType: "DRILL",
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe("SERVERS_NOT_READY");
    expect(refused.body.error.message).toContain("orderportal-database-01: DISCONNECTED");
    expect(refused.body.error.message).toContain("allowDegraded");

    const res = await env.api.post(`/api/recovery-plans/${orderPortal}/execute`, {
      executionType: "DRILL",
      allowDegraded: true,
    });
    expect(res.status, res.text).toBe(202);
    const started = res.body.data as Execution;
    expect(started.allowDegraded).toBe(true);
    expect(servers(started).every((s) => s.dataAgeSeconds !== undefined)).toBe(true);
    await env.api.post(`/api/executions/${started.executionId}/cancel`, undefined);
    await waitForExecution(env.api, started.executionId);
  });

  it("excludeServers runs the plan without them, recorded; ids not in the plan are refused", async () => {
    const intranet = await tagGroup(env.api, { Application: "Intranet" });
    const planId = await createPlan(env.api, [{ waveNumber: 1, protectionGroupIds: [intranet] }]);
    const [syncing] = await serverIdsByTags(env, { Application: "Intranet", Tier: "web" });
    // intranet-web-01 has never finished its first sync: no snapshot at all is the one hard refusal.
    const none = await env.api.post(`/api/recovery-plans/${planId}/execute`, { executionType: "RECOVERY" });
    expect(none.status).toBe(400);
    expect(none.body.error.code).toBe("NO_RECOVERY_SNAPSHOT");
    expect(none.body.error.message).toContain("intranet-web-01: INITIAL_SYNC");

    const unknown = await env.api.post(`/api/recovery-plans/${planId}/execute`, {
      executionType: "DRILL",
      excludeServers: ["s-00000000000000000"],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe("UNKNOWN_EXCLUDED_SERVER");

    const res = await env.api.post(`/api/recovery-plans/${planId}/execute`, {
      executionType: "DRILL",
      excludeServers: [syncing],
    });
    expect(res.status, res.text).toBe(202);
    const started = res.body.data as Execution;
    expect(
      servers(started)
        .map((s) => s.hostname)
        .sort(),
    ).toEqual(["intranet-app-01", "intranet-database-01"]);
    expect(started.excludedServers).toEqual([
      expect.objectContaining({ serverId: syncing, hostname: "intranet-web-01", groupId: intranet }),
    ]);
    const done = await waitForExecution(env.api, started.executionId);
    const report = (await env.api.get(`/api/executions/${done.executionId}/report`)).body.data;
    expect(report.excludedServers).toEqual(started.excludedServers);
  });

  it("refuses with 409 SERVER_IN_TWO_WAVES, at plan save and at start, a server that a tag group and an explicit group both hold", async () => {
    const [web] = await serverIdsByTags(env, { Application: "Payments", Tier: "web" });
    const byTags = await tagGroup(env.api, { Application: "Payments", Tier: "web" });
    // A tag group does not claim its servers, so an explicit group may hold one of them too.
    const explicit = await serverGroup(env.api, [web as string]);
    const waves = [
      { waveNumber: 1, protectionGroupIds: [byTags] },
      { waveNumber: 2, protectionGroupIds: [explicit] },
    ];
    const save = await env.api.post("/api/recovery-plans", { planName: "Payments twice", waves });
    expect(save.status).toBe(409);
    expect(save.body.error.code).toBe("SERVER_IN_TWO_WAVES");
    expect(save.body.error.message).toContain("payments-web-01");
    expect(save.body.error.details.servers[0].groups).toHaveLength(2);

    const planId = await createPlan(env.api, [{ waveNumber: 1, protectionGroupIds: [byTags] }]);
    const edit = await env.api.put(`/api/recovery-plans/${planId}`, {
      planName: "Payments",
      waves,
      version: 1,
    });
    expect(edit.status).toBe(409);
    expect(edit.body.error.code).toBe("SERVER_IN_TWO_WAVES");

    // Tags change after the save (tag sync, a console edit): the start resolves them again and refuses.
    const [intranetApp] = await serverIdsByTags(env, { Application: "Intranet", Tier: "app" });
    const intranetGroup = await serverGroup(env.api, [intranetApp as string]);
    const later = await createPlan(env.api, [
      { waveNumber: 1, protectionGroupIds: [byTags] },
      { waveNumber: 2, protectionGroupIds: [intranetGroup] },
    ]);
    const arn = (await env.adapters.catalog.listSourceServers(HOME, "us-east-1")).find(
      (s) => s.serverId === intranetApp,
    )?.arn;
    const drs = new DrsClient({
      endpoint: env.sim.endpoint,
      region: "us-east-1",
      credentials: SIMULATOR_CREDENTIALS,
    });
    await drs.send(
      new TagResourceCommand({ resourceArn: arn, tags: { Application: "Payments", Tier: "web" } }),
    );
    drs.destroy();
    const start = await env.api.post(`/api/recovery-plans/${later}/execute`, { executionType: "DRILL" });
    expect(start.status).toBe(409);
    expect(start.body.error.code).toBe("SERVER_IN_TWO_WAVES");
    expect(start.body.error.message).toContain("intranet-app-01");
  });
});
