import { describe, expect, it } from "vitest";
import { executionProgress } from "./execution-progress";

const wave = (status: string, ...health: string[]) => ({
  status,
  servers: health.map((h) => ({ health: h })),
});

describe("executionProgress: one definition for API, UI and CLI", () => {
  it("counts servers that ended, with the waves that ran to an end", () => {
    const p = executionProgress({
      status: "RUNNING",
      totalWaves: 3,
      waveStatus: [
        wave("COMPLETED", "HEALTHY", "HEALTHY"),
        wave("LAUNCHING", "PENDING", "FAILED"),
        wave("PENDING", "PENDING"),
      ],
    });
    expect(p).toMatchObject({
      percent: 60,
      endedServers: 3,
      totalServers: 5,
      finishedWaves: 1,
      totalWaves: 3,
    });
    expect(p.label).toBe("60 % · 3 of 5 servers · 1 of 3 waves finished");
  });

  it("never shows 100 % for a cancelled or failed run, and cancelled waves are not finished", () => {
    const cancelled = executionProgress({
      status: "CANCELLED",
      totalWaves: 2,
      waveStatus: [wave("COMPLETED", "HEALTHY"), wave("CANCELLED", "CANCELLED")],
    });
    expect(cancelled.percent).toBe(50);
    expect(cancelled.finishedWaves).toBe(1);
    const failed = executionProgress({
      status: "FAILED",
      totalWaves: 1,
      waveStatus: [wave("FAILED", "FAILED", "FAILED")],
    });
    expect(failed.percent).toBe(99);
    expect(
      executionProgress({ status: "COMPLETED", totalWaves: 1, waveStatus: [wave("COMPLETED", "HEALTHY")] })
        .percent,
    ).toBe(100);
  });

  it("uses waves before servers are known", () => {
    expect(executionProgress({ status: "PENDING", totalWaves: 2, waveStatus: [] }).percent).toBe(0);
  });
});
