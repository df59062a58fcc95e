import { describe, expect, it } from "vitest";
import { SERVER_FAILED_SUBJECT } from "../notifications";
import type { ExecutionObservation } from "./execution-commands";
import { MAX_CANCEL_POLL_FAILURES } from "./execution-engine";
import { serverClaimsOf } from "./execution-store";
import { executionView } from "./execution-view";
import {
  commandsOf,
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

/** One wave of `count` servers launched as one DRS job, running. */
function launched(count = 3): Scenario {
  const sc = given(created([{ servers: fleet(count, 0) }, { servers: fleet(1, count) }]));
  settleLaunches(sc, sc.when(noOutsideUsage(), 0), 0);
  expect(Object.values(sc.state.batches).some((b) => b.status === "ACTIVE")).toBe(true);
  return sc;
}

const pollFailed: ExecutionObservation = {
  type: "JobsPollFailed",
  accountId: "111111111111",
  region: "us-east-1",
  message: "InternalServerException: DRS is unavailable",
};

describe("force cancel", () => {
  it("ends a running execution CANCELLED at once, recording who forced it, and polls nothing more", () => {
    const sc = launched();
    const d = sc.when([{ type: "UserAction", action: "forceCancel", actor: "alice" }], 5);
    expect(eventTypes(d)).toEqual(["ExecutionForceCancelled"]);
    expect(d.events[0]).toMatchObject({
      actor: "alice",
      reason: expect.stringMatching(/^force-cancelled by alice/),
    });
    expect(sc.state.status).toBe("CANCELLED");
    expect(sc.state.waves.map((w) => w.status)).toEqual(["CANCELLED", "CANCELLED"]);
    for (const n of [0, 1, 2, 3]) expect(sc.state.servers[serverId(n)]?.health).toBe("CANCELLED");
    expect(executionView(sc.state).cancellation).toMatchObject({ forcedBy: "alice" });
    expect(commandsOf(d, "Notify").map((c) => c.subject)).toEqual(["Execution CANCELLED"]);
    // Nothing left to drive: no poll, no wake-up.
    const later = sc.when([{ type: "Tick" }], 60);
    expect(later.events).toEqual([]);
    expect(later.commands).toEqual([]);
    expect(later.wakeAt).toBeUndefined();
  });

  it("ends a cancel that waits for a DRS job", () => {
    const sc = launched();
    sc.when([{ type: "UserAction", action: "cancel", actor: "bob" }], 5);
    expect(sc.state.status).toBe("CANCELLING");
    expect(executionView(sc.state).cancellation).toEqual({
      requestedAt: expect.any(String),
      requestedBy: "bob",
    });
    sc.when([{ type: "UserAction", action: "forceCancel", actor: "alice" }], 70);
    expect(sc.state.status).toBe("CANCELLED");
    expect(executionView(sc.state).cancellation).toMatchObject({ requestedBy: "bob", forcedBy: "alice" });
  });

  it("is refused once the execution finished", () => {
    const sc = launched();
    sc.when([{ type: "UserAction", action: "forceCancel", actor: "alice" }], 5);
    const again = sc.when([{ type: "UserAction", action: "forceCancel", actor: "alice" }], 6);
    expect(again.events).toEqual([]);
    expect(serverClaimsOf(sc.state)).toHaveLength(4);
  });
});

describe("a cancel while DRS does not answer", () => {
  it(`ends CANCELLED after ${MAX_CANCEL_POLL_FAILURES} failed DescribeJobs polls, with the reason`, () => {
    const sc = launched();
    sc.when([{ type: "UserAction", action: "cancel", actor: "bob" }], 5);
    for (let i = 1; i < MAX_CANCEL_POLL_FAILURES; i++) {
      expect(eventTypes(sc.when([pollFailed], 5 + i))).toEqual(["CancelPollFailed"]);
      expect(sc.state.status).toBe("CANCELLING");
    }
    const d = sc.when([pollFailed], 30);
    expect(eventTypes(d)).toEqual(["CancelPollFailed", "ExecutionForceCancelled"]);
    expect(sc.state.status).toBe("CANCELLED");
    expect(executionView(sc.state).cancellation).toMatchObject({
      forcedBy: "system",
      reason: `cancel stopped waiting for DRS after ${MAX_CANCEL_POLL_FAILURES} failed DescribeJobs polls (last: InternalServerException: DRS is unavailable)`,
    });
  });

  it("does not count failed polls while the execution runs (the wave timeout bounds those)", () => {
    const sc = launched();
    for (let i = 1; i <= MAX_CANCEL_POLL_FAILURES + 1; i++)
      expect(sc.when([pollFailed], i).events).toEqual([]);
    expect(sc.state.status).toBe("RUNNING");
  });
});

describe("failure reasons", () => {
  it("a server DRS failed carries the job log's reason, and one SERVER_FAILED notice names it", () => {
    const sc = launched(2);
    const reason =
      "Failed to launch recovery instance: InvalidSubnetID.NotFound - the subnet does not exist.";
    const observed = jobsFinished(sc.state, new Set([serverId(1)])).map((o) =>
      o.type === "JobsObserved"
        ? {
            ...o,
            jobs: o.jobs.map((j) => ({
              ...j,
              servers: j.servers.map((x) =>
                x.serverId === serverId(1) ? { ...x, failureReason: reason } : x,
              ),
            })),
          }
        : o,
    );
    const d = sc.when([...observed, ...noOutsideUsage()], 10);
    expect(sc.state.servers[serverId(1)]).toMatchObject({
      health: "FAILED",
      error: `DRS launch failed: ${reason}`,
    });
    const notices = commandsOf(d, "Notify").filter((c) => c.subject === SERVER_FAILED_SUBJECT);
    expect(notices.map((c) => c.message)).toEqual([
      `${sc.state.servers[serverId(1)]?.hostname} (${serverId(1)}) in wave 1 failed: DRS launch failed: ${reason}`,
    ]);
  });
});
