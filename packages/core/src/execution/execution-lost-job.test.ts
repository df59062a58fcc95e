import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ExecutionObservation } from "./execution-commands";
import { MAX_JOB_MISSES } from "./execution-engine";
import {
  allHealthy,
  created,
  eventTypes,
  fleet,
  given,
  jobsFinished,
  noOutsideUsage,
  type Scenario,
  serverId,
  settleLaunches,
} from "./testing/execution-specification";

/** A DescribeJobs answer for the account-region that does not contain `jobId`. */
const notReturned = (jobId: string): ExecutionObservation => ({
  type: "JobsObserved",
  accountId: "111111111111",
  region: "us-east-1",
  jobs: [],
  missingJobIds: [jobId],
});

/** DescribeJobs returns the job STARTED, its servers still launching. */
const stillRunning = (sc: Scenario): ExecutionObservation[] =>
  jobsFinished(sc.state).map((o) =>
    o.type === "JobsObserved"
      ? {
          ...o,
          jobs: o.jobs.map((j) => ({
            ...j,
            status: "STARTED" as const,
            servers: j.servers.map((x) => ({ serverId: x.serverId, launchStatus: "IN_PROGRESS" as const })),
          })),
        }
      : o,
  );

/** One wave of `count` servers launched as one DRS job (`job-<batchId>`), running. */
function launched(count = 3): { sc: Scenario; jobId: string } {
  const sc = given(created([{ servers: fleet(count, 0) }]));
  settleLaunches(sc, sc.when(noOutsideUsage(), 0), 0);
  const batch = Object.values(sc.state.batches)[0];
  expect(batch?.status).toBe("ACTIVE");
  return { sc, jobId: batch?.jobId ?? "" };
}

describe("a DRS job that DRS no longer knows", () => {
  it(`fails its servers with a reason after ${MAX_JOB_MISSES} polls in a row, and the execution ends`, () => {
    const { sc, jobId } = launched();
    for (let i = 1; i < MAX_JOB_MISSES; i++) {
      expect(eventTypes(sc.when([notReturned(jobId)], i * 10))).toEqual(["JobNotFound"]);
      expect(sc.state.status).toBe("RUNNING");
    }
    const lost = sc.when([notReturned(jobId)], MAX_JOB_MISSES * 10);
    expect(eventTypes(lost)).toEqual(["BatchJobLost", "WaveFinished", "ExecutionFinished"]);
    const reason = `DRS no longer knows job ${jobId} (not returned by DescribeJobs ${MAX_JOB_MISSES} polls in a row)`;
    expect(lost.events[0]).toMatchObject({ type: "BatchJobLost", jobId, reason });
    expect(sc.state.status).toBe("FAILED");
    for (const n of [0, 1, 2])
      expect(sc.state.servers[serverId(n)]).toMatchObject({ health: "FAILED", error: reason });
    expect(lost.wakeAt).toBeUndefined();
  });

  it("counts only misses in a row: a job seen again starts the count afresh", () => {
    const { sc, jobId } = launched();
    sc.when([notReturned(jobId)], 10);
    sc.when([notReturned(jobId)], 20);
    expect(eventTypes(sc.when(stillRunning(sc), 30))).toEqual(["JobProgressed"]);
    expect(eventTypes(sc.when([notReturned(jobId)], 40))).toEqual(["JobNotFound"]);
    expect(sc.state.status).toBe("RUNNING");
  });

  it("keeps servers that already launched: their health checks decide", () => {
    const { sc, jobId } = launched(2);
    const partly = jobsFinished(sc.state).map((o) =>
      o.type === "JobsObserved"
        ? {
            ...o,
            jobs: o.jobs.map((j) => ({
              ...j,
              status: "STARTED" as const,
              servers: j.servers.map((x, i) =>
                i === 0 ? x : { serverId: x.serverId, launchStatus: "IN_PROGRESS" as const },
              ),
            })),
          }
        : o,
    );
    sc.when(partly, 5);
    for (let i = 1; i <= MAX_JOB_MISSES; i++) sc.when([notReturned(jobId)], 5 + i);
    expect(sc.state.servers[serverId(1)]?.health).toBe("FAILED");
    expect(sc.state.servers[serverId(0)]?.health).toBe("CHECKING");
    sc.when([...allHealthy(sc.state), ...noOutsideUsage()], 30);
    expect(sc.state.servers[serverId(0)]?.health).toBe("HEALTHY");
    expect(sc.state.status).toBe("PARTIAL");
  });

  it("lets a cancel reach CANCELLED although the job never answers again", () => {
    const { sc, jobId } = launched();
    sc.when([{ type: "UserAction", action: "cancel", actor: "alice" }], 5);
    expect(sc.state.status).toBe("CANCELLING");
    for (let i = 1; i <= MAX_JOB_MISSES; i++) sc.when([notReturned(jobId)], 5 + i);
    expect(sc.state.status).toBe("CANCELLED");
  });

  it("property: whatever the order of misses and sightings, the job is lost exactly when misses in a row reach the limit", () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 12 }), (polls) => {
        const { sc, jobId } = launched(1);
        let inARow = 0;
        let lostAt: number | undefined;
        polls.forEach((missing, i) => {
          if (lostAt !== undefined) return;
          sc.when(missing ? [notReturned(jobId)] : stillRunning(sc), 10 + i);
          inARow = missing ? inARow + 1 : 0;
          if (inARow === MAX_JOB_MISSES) lostAt = i;
        });
        const lost = sc.events.some((e) => e.type === "BatchJobLost");
        expect(lost).toBe(lostAt !== undefined);
        expect(sc.state.status).toBe(lost ? "FAILED" : "RUNNING");
      }),
      { numRuns: 60 },
    );
  });
});
