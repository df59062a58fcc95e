import { describe, expect, it } from "vitest";
import type { ExecutionObservation } from "./execution-commands";
import { JOB_STALL_MINUTES } from "./execution-engine";
import {
  created,
  eventTypes,
  fleet,
  given,
  jobsFinished,
  noOutsideUsage,
  type Scenario,
  settleLaunches,
} from "./testing/execution-specification";

/** DescribeJobs returns the job as it was: PENDING, its servers not started. */
const unchanged = (sc: Scenario): ExecutionObservation[] =>
  jobsFinished(sc.state).map((o) =>
    o.type === "JobsObserved"
      ? {
          ...o,
          jobs: o.jobs.map((j) => ({
            ...j,
            status: "PENDING" as const,
            servers: j.servers.map((x) => ({ serverId: x.serverId, launchStatus: "PENDING" as const })),
          })),
        }
      : o,
  );

describe("a DRS job that shows no change", () => {
  it(`is reported after ${JOB_STALL_MINUTES} minutes by the engine's clock, then once each such period`, () => {
    const sc = given(created([{ servers: fleet(2, 0) }]));
    settleLaunches(sc, sc.when(noOutsideUsage(), 0), 0);
    const minute = 60;
    expect(eventTypes(sc.when(unchanged(sc), 9 * minute))).toEqual([]);
    const stalled = sc.when(unchanged(sc), 10 * minute);
    expect(eventTypes(stalled)).toEqual(["JobStalled"]);
    const jobId = Object.values(sc.state.batches)[0]?.jobId;
    expect(stalled.events[0]).toMatchObject({
      jobId,
      minutes: 10,
      reason: `DRS job ${jobId} shows no change for 10 min (status PENDING)`,
    });
    expect(eventTypes(sc.when(unchanged(sc), 15 * minute))).toEqual([]);
    expect(eventTypes(sc.when(unchanged(sc), 20 * minute))).toEqual(["JobStalled"]);
    // A change starts the count afresh.
    expect(eventTypes(sc.when([...jobsFinished(sc.state), ...noOutsideUsage()], 21 * minute))).toContain(
      "JobProgressed",
    );
    expect(sc.state.status).toBe("RUNNING");
  });
});
