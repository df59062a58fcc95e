import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_WAVE_MINUTES } from "../recovery-plan";
import {
  created,
  eventTypes,
  expectWaves,
  fleet,
  given,
  isoAt,
  noOutsideUsage,
  serverId,
  settleLaunches,
} from "./testing/execution-specification";

const MINUTE = 60;

describe("a wave past its maxWaveMinutes", () => {
  it("fails its unfinished servers with the reason; STOP skips the rest and the execution ends", () => {
    const sc = given(created([{ servers: fleet(2, 0), maxWaveMinutes: 30 }, { servers: fleet(1, 10) }]));
    const started = settleLaunches(sc, sc.when(noOutsideUsage(), 0), 0);
    // Nothing else to wait for than DRS polls; the deadline is among the wake-ups.
    expect(Date.parse(started.wakeAt ?? "")).toBeLessThanOrEqual(Date.parse(isoAt(30 * MINUTE)));

    expect(eventTypes(sc.when([{ type: "Tick" }], 29 * MINUTE))).not.toContain("WaveTimedOut");
    const d = sc.when([{ type: "Tick" }], 30 * MINUTE);
    const reason = "wave 1 did not finish within 30 min (maxWaveMinutes)";
    expect(d.events[0]).toEqual({ type: "WaveTimedOut", at: isoAt(30 * MINUTE), waveNumber: 1, reason });
    expect(eventTypes(d)).toEqual(
      expect.arrayContaining(["WaveTimedOut", "WaveFinished", "ExecutionFinished"]),
    );
    for (const n of [0, 1])
      expect(sc.state.servers[serverId(n)]).toMatchObject({ health: "FAILED", error: reason });
    expectWaves(sc.state, { 1: "FAILED", 2: "SKIPPED" });
    expect(sc.state.status).toBe("FAILED");
    expect(
      Object.values(sc.state.batches)
        .filter((b) => b.waveNumber === 1)
        .map((b) => b.status),
    ).toEqual(["FAILED"]);
    // Once: the next decisions have nothing more to time out.
    expect(sc.when([{ type: "Tick" }], 31 * MINUTE).events).toEqual([]);
  });

  it(`defaults to ${DEFAULT_MAX_WAVE_MINUTES} minutes`, () => {
    const sc = given(created([{ servers: fleet(1, 0) }]));
    settleLaunches(sc, sc.when(noOutsideUsage(), 0), 0);
    expect(sc.state.waves[0]?.maxWaveMinutes).toBe(DEFAULT_MAX_WAVE_MINUTES);
    expect(eventTypes(sc.when([{ type: "Tick" }], (DEFAULT_MAX_WAVE_MINUTES - 1) * MINUTE))).not.toContain(
      "WaveTimedOut",
    );
    expect(eventTypes(sc.when([{ type: "Tick" }], DEFAULT_MAX_WAVE_MINUTES * MINUTE))).toContain(
      "WaveTimedOut",
    );
  });

  it("keeps the default for an execution stored before the setting existed", () => {
    const old = created([{ servers: fleet(1, 0) }]);
    if (old.type !== "ExecutionCreated") throw new Error("fixture");
    for (const w of old.compiled.waves) delete w.maxWaveMinutes;
    const sc = given(old);
    expect(sc.state.waves[0]?.maxWaveMinutes).toBe(DEFAULT_MAX_WAVE_MINUTES);
  });
});
