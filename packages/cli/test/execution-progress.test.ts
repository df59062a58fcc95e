import { describe, expect, it } from "vitest";
import {
  type ExecutionServerView,
  type ExecutionView,
  elapsedVsRto,
  exitCodeForStatus,
  progressBar,
  progressLine,
  progressOf,
} from "../src/execution-progress";

const server = (
  serverId: string,
  launchStatus: ExecutionServerView["launchStatus"],
  health: ExecutionServerView["health"],
): ExecutionServerView => ({ serverId, launchStatus, health });
const execution = (overrides: Partial<ExecutionView> = {}): ExecutionView => ({
  executionId: "e-1",
  status: "RUNNING",
  startTime: "2026-01-01T00:00:00.000Z",
  planSnapshot: { rtoTargetMinutes: 60 },
  totalWaves: 2,
  waveStatus: [
    {
      waveNumber: 1,
      status: "COMPLETED",
      servers: [server("s-1", "LAUNCHED", "HEALTHY"), server("s-2", "FAILED", "FAILED")],
    },
    {
      waveNumber: 2,
      status: "LAUNCHING",
      servers: [server("s-3", "IN_PROGRESS", "PENDING"), server("s-4", "LAUNCHED", "CHECKING")],
    },
  ],
  ...overrides,
});

describe("execution progress", () => {
  it("counts servers launched of the total and the waves done, with elapsed time against the RTO", () => {
    const p = progressOf(execution(), new Date("2026-01-01T00:05:30.000Z"));
    expect(p).toMatchObject({
      launched: 2,
      healthy: 1,
      failed: 1,
      total: 4,
      wavesDone: 1,
      totalWaves: 2,
      fraction: 0.5,
    });
    expect(progressLine(p)).toBe(
      "[############------------]  50%  2/4 servers launched · waves 1/2 · elapsed 5:30 (RTO target 1:00:00)",
    );
  });

  it("once ended, labels the achieved time as the RTO and the plan's figure as its target; a partial run never shows 100 %", () => {
    const done = execution({ status: "PARTIAL", endTime: "2026-01-01T01:30:00.000Z" });
    const p = progressOf(done, new Date("2026-01-02T00:00:00.000Z"));
    expect(p.fraction).toBeLessThan(1);
    expect(elapsedVsRto(p)).toBe("RTO 1:30:00 (target 1:00:00, missed)");
    const quick = execution({
      status: "COMPLETED",
      endTime: "2026-01-01T00:00:42.000Z",
      planSnapshot: { rtoTargetMinutes: 30 },
      waveStatus: [{ waveNumber: 1, status: "COMPLETED", servers: [server("s-1", "LAUNCHED", "HEALTHY")] }],
    });
    const q = progressOf(quick, new Date("2026-01-02T00:00:00.000Z"));
    expect(q.fraction).toBe(1);
    expect(elapsedVsRto(q)).toBe("RTO 0:42 (target 30:00, met)");
  });

  it("maps outcomes to the exit codes pipelines rely on", () => {
    expect(["COMPLETED", "PARTIAL", "FAILED", "CANCELLED"].map(exitCodeForStatus)).toEqual([0, 2, 1, 1]);
    expect(progressBar(0, 4)).toBe("[----]   0%");
  });
});
