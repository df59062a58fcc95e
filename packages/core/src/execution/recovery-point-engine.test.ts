import { describe, expect, it } from "vitest";
import { executionReport } from "./execution-report";
import { executionView } from "./execution-view";
import { compilePlan } from "./plan-compiler";
import type { ChosenRecoverySnapshot } from "./recovery-point";
import {
  commandsOf,
  completeRunningWaves,
  created,
  fleet,
  given,
  groupId,
  noOutsideUsage,
  serverId,
} from "./testing/execution-specification";

const PIT = "2026-01-01T00:00:00.000Z";
const snapshotOf = (id: string): ChosenRecoverySnapshot => ({
  recoverySnapshotId: `pit-${id.slice(-4)}`,
  recoverySnapshotTime: "2025-12-31T23:50:40.000Z",
});

/** A two-wave drill to a point in time: every server has its chosen snapshot. */
function pointInTimeExecution() {
  const waves = [{ servers: fleet(2, 0) }, { servers: fleet(1, 10) }];
  const base = created(waves);
  if (base.type !== "ExecutionCreated") throw new Error("created() gives ExecutionCreated");
  const groups = new Map(waves.map((w, i) => [groupId(i + 1), w.servers]));
  const points = new Map(waves.flatMap((w) => w.servers).map((s) => [s.serverId, snapshotOf(s.serverId)]));
  return {
    ...base,
    pointInTime: PIT,
    compiled: compilePlan(base.planSnapshot, groups, base.settings.quotas, points),
  };
}

describe("execution engine: recovery to a point in time", () => {
  it("asks DRS to launch each server from its chosen snapshot, wave after wave", () => {
    const sc = given(pointInTimeExecution());
    const [first] = commandsOf(sc.when(noOutsideUsage(), 0), "StartRecovery");
    expect(first?.batch.servers).toEqual([
      { serverId: serverId(0), recoverySnapshotId: snapshotOf(serverId(0)).recoverySnapshotId },
      { serverId: serverId(1), recoverySnapshotId: snapshotOf(serverId(1)).recoverySnapshotId },
    ]);
    const view = executionView(sc.state);
    expect(view.pointInTime).toBe(PIT);
    expect(view.waveStatus[0]?.servers[0]).toMatchObject(snapshotOf(serverId(0)));
  });

  it("relaunches a failed server from the same snapshot on retry, and the report names the snapshots", () => {
    const sc = given(pointInTimeExecution());
    completeRunningWaves(sc, 0, new Set([serverId(1)]));
    const d = sc.when([{ type: "UserAction", action: "retry", actor: "bob" }, ...noOutsideUsage()], 100);
    const [again] = commandsOf(d, "StartRecovery");
    expect(again?.batch.servers).toEqual([
      { serverId: serverId(1), recoverySnapshotId: snapshotOf(serverId(1)).recoverySnapshotId },
    ]);
    const report = executionReport(sc.state, new Map());
    expect(report.pointInTime).toBe(PIT);
    expect(report.recoverySnapshots?.map((r) => r.recoverySnapshotId).sort()).toEqual(
      [serverId(0), serverId(1), serverId(10)].map((id) => snapshotOf(id).recoverySnapshotId).sort(),
    );
  });

  it("sends no snapshot ids for an execution that recovers the latest data", () => {
    const sc = given(created([{ servers: fleet(2, 0) }]));
    const [start] = commandsOf(sc.when(noOutsideUsage(), 0), "StartRecovery");
    expect(start?.batch.servers).toEqual([{ serverId: serverId(0) }, { serverId: serverId(1) }]);
    expect(executionReport(sc.state, new Map()).recoverySnapshots).toBeUndefined();
  });
});
