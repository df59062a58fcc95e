import { describe, expect, it } from "vitest";
import { InvalidStateError, ValidationError } from "../errors";
import { checkUserAction, decide, replay } from "./execution-engine";
import { executionView } from "./execution-view";
import {
  allHealthy,
  at,
  commandsOf,
  completeRunningWaves,
  created,
  eventTypes,
  expectWaves,
  fleet,
  given,
  HOME,
  isoAt,
  jobsFinished,
  noOutsideUsage,
  serverId,
  settleLaunches,
  waveStatus,
} from "./testing/execution-specification";

const threeWaves = () =>
  created([{ servers: fleet(2, 0) }, { servers: fleet(3, 10) }, { servers: fleet(2, 20) }]);

describe("execution engine: waves", () => {
  it("starts the first wave and asks DRS to launch it as a drill", () => {
    const sc = given(threeWaves());
    const d = sc.when(noOutsideUsage(), 0);
    expect(eventTypes(d)).toEqual(["ExecutionStarted", "WaveStarted", "BatchLaunchRequested"]);
    const [start] = commandsOf(d, "StartRecovery");
    expect(start?.batch).toMatchObject({
      executionId: "exec-1",
      accountId: HOME,
      region: "us-east-1",
      isDrill: true,
    });
    expect(start?.batch.servers.map((x) => x.serverId)).toEqual([serverId(0), serverId(1)]);
    expect(sc.state.status).toBe("RUNNING");
  });

  it("does not launch without a fresh view of DRS usage in the account-region", () => {
    const sc = given(threeWaves());
    const d = sc.when([], 0);
    expect(commandsOf(d, "StartRecovery")).toEqual([]);
    expect(d.wakeAt).toBeDefined();
  });

  it("runs a 3-wave drill to COMPLETED, one wave after the other, recording wave times", () => {
    const sc = given(threeWaves());
    completeRunningWaves(sc, 0);
    expectWaves(sc.state, { 1: "COMPLETED", 2: "LAUNCHING", 3: "PENDING" });
    completeRunningWaves(sc, 60);
    expectWaves(sc.state, { 1: "COMPLETED", 2: "COMPLETED", 3: "LAUNCHING" });
    const last = completeRunningWaves(sc, 120);
    expect(sc.state.status).toBe("COMPLETED");
    expect(eventTypes(last)).toContain("ExecutionFinished");
    expect(commandsOf(last, "Notify").map((n) => n.subject)).toContain("Execution COMPLETED");
    const view = executionView(sc.state);
    expect(view.currentWave).toBe(3);
    expect(view.totalWaves).toBe(3);
    expect(view.endTime).toBe(isoAt(120));
    for (const w of view.waveStatus) {
      expect(w.startTime).toBeDefined();
      expect(w.endTime).toBeDefined();
      expect(w.jobIds).toHaveLength(1);
      for (const srv of w.servers) {
        expect(srv).toMatchObject({ launchStatus: "LAUNCHED", health: "HEALTHY", ec2State: "running" });
        expect(srv.ec2InstanceId).toMatch(/^i-/);
      }
    }
  });

  it("runs a diamond: 2 and 3 together after 1, and 4 only after both", () => {
    const sc = given(
      created([
        { servers: fleet(1, 0) },
        { servers: fleet(1, 10), dependsOnWaves: [1] },
        { servers: fleet(1, 20), dependsOnWaves: [1] },
        { servers: fleet(1, 30), dependsOnWaves: [2, 3] },
      ]),
    );
    completeRunningWaves(sc, 0);
    expectWaves(sc.state, { 1: "COMPLETED", 2: "LAUNCHING", 3: "LAUNCHING", 4: "PENDING" });
    // Only wave 2 finishes: 4 keeps waiting for 3.
    const s2 = sc.state.batches["w2-a1-111111111111-us-east-1-1"];
    expect(s2?.status).toBe("ACTIVE");
    const only2 = jobsFinished(sc.state).map((o) =>
      o.type === "JobsObserved" ? { ...o, jobs: o.jobs.filter((j) => j.jobId === s2?.jobId) } : o,
    );
    sc.when([...only2, ...noOutsideUsage()], 30);
    sc.when([...allHealthy(sc.state), ...noOutsideUsage()], 30);
    expectWaves(sc.state, { 1: "COMPLETED", 2: "COMPLETED", 3: "LAUNCHING", 4: "PENDING" });
    completeRunningWaves(sc, 60);
    expectWaves(sc.state, { 1: "COMPLETED", 2: "COMPLETED", 3: "COMPLETED", 4: "LAUNCHING" });
  });

  it("waits waitTimeSeconds after a wave before its dependents start, and wakes exactly then", () => {
    const sc = given(created([{ servers: fleet(1, 0), waitTimeSeconds: 120 }, { servers: fleet(1, 10) }]));
    const d = completeRunningWaves(sc, 0);
    expect(waveStatus(sc.state, 2)).toBe("PENDING");
    expect(d.wakeAt).toBe(isoAt(120));
    sc.when([{ type: "Tick" }, ...noOutsideUsage()], 119);
    expect(waveStatus(sc.state, 2)).toBe("PENDING");
    sc.when([{ type: "Tick" }, ...noOutsideUsage()], 120);
    expect(waveStatus(sc.state, 2)).toBe("LAUNCHING");
  });

  it("treats a wave whose groups matched no server as completed at once", () => {
    const sc = given(created([{ servers: [] }, { servers: fleet(1, 0) }]));
    sc.when(noOutsideUsage(), 0);
    expectWaves(sc.state, { 1: "COMPLETED", 2: "LAUNCHING" });
  });
});

describe("execution engine: pause, resume, cancel", () => {
  it("pauses before a wave marked pauseBeforeWave and continues on resume", () => {
    const sc = given(created([{ servers: fleet(1, 0) }, { servers: fleet(1, 10), pauseBeforeWave: true }]));
    const d = completeRunningWaves(sc, 0);
    expect(sc.state.status).toBe("PAUSED");
    expect(waveStatus(sc.state, 2)).toBe("WAITING_APPROVAL");
    expect(commandsOf(d, "StartRecovery")).toEqual([]);
    expect(commandsOf(d, "Notify").map((n) => n.subject)).toContain("Approval needed");
    expect(d.wakeAt).toBeUndefined();
    const r = sc.when([{ type: "UserAction", action: "resume", actor: "bob" }, ...noOutsideUsage()], 300);
    expect(sc.state.status).toBe("RUNNING");
    expect(eventTypes(r).slice(0, 3)).toEqual(["WaveApproved", "ExecutionResumed", "WaveStarted"]);
    expect(r.events[0]).toMatchObject({ type: "WaveApproved", waveNumber: 2, actor: "bob" });
    expect(commandsOf(r, "StartRecovery")).toHaveLength(1);
  });

  it("replays a log stored before WaveApproved existed (a bare resume approved the waiting wave) to the same state", () => {
    const sc = given(
      created([
        { servers: fleet(1, 0) },
        { servers: fleet(1, 10), pauseBeforeWave: true },
        { servers: fleet(1, 20), pauseBeforeWave: true },
      ]),
    );
    for (let round = 0; round < 2; round++) {
      completeRunningWaves(sc, round * 100);
      expect(sc.state.status).toBe("PAUSED");
      const t = round * 100 + 50;
      settleLaunches(
        sc,
        sc.when([{ type: "UserAction", action: "resume", actor: "bob" }, ...noOutsideUsage()], t),
        t,
      );
    }
    completeRunningWaves(sc, 300);
    expect(sc.state.status).toBe("COMPLETED");
    expect(sc.events.filter((e) => e.type === "WaveApproved")).toHaveLength(2);

    const legacyLog = sc.events.filter((e) => e.type !== "WaveApproved");
    expect(replay(legacyLog)).toEqual(sc.state);
    // Halfway too: the old log of an execution just resumed continues from the same state.
    const resumed = sc.events.findIndex((e) => e.type === "ExecutionResumed") + 1;
    const legacyHalf = sc.events.slice(0, resumed).filter((e) => e.type !== "WaveApproved");
    expect(replay(legacyHalf)).toEqual(replay(sc.events.slice(0, resumed)));
    expect(waveStatus(replay(legacyHalf), 2)).toBe("PENDING");
  });

  it("cancels while paused: CANCELLED and the paused wave never launches", () => {
    const sc = given(
      created([
        { servers: fleet(1, 0) },
        { servers: fleet(1, 10), pauseBeforeWave: true },
        { servers: fleet(1, 20) },
      ]),
    );
    completeRunningWaves(sc, 0);
    const d = sc.when([{ type: "UserAction", action: "cancel", actor: "bob" }, ...noOutsideUsage()], 10);
    expect(sc.state.status).toBe("CANCELLED");
    expectWaves(sc.state, { 1: "COMPLETED", 2: "CANCELLED", 3: "CANCELLED" });
    expect(commandsOf(d, "StartRecovery")).toEqual([]);
    expect(sc.events.filter((e) => e.type === "BatchLaunchRequested")).toHaveLength(1);
  });

  it("lets running jobs finish on cancel before the execution is CANCELLED, and launches nothing more", () => {
    const sc = given(
      created([{ servers: fleet(150, 0) }, { servers: fleet(1, 500) }], { quotas: { maxConcurrentJobs: 1 } }),
    );
    settleLaunches(sc, sc.when(noOutsideUsage(), 0), 0);
    expect(Object.values(sc.state.batches).map((b) => b.status)).toEqual(["ACTIVE", "PLANNED", "PLANNED"]);
    sc.when([{ type: "UserAction", action: "cancel", actor: "bob" }, ...noOutsideUsage()], 5);
    expect(sc.state.status).toBe("CANCELLING");
    const d = sc.when([...jobsFinished(sc.state), ...noOutsideUsage()], 20);
    expect(commandsOf(d, "StartRecovery")).toEqual([]);
    expect(sc.state.status).toBe("CANCELLED");
    expect(Object.values(sc.state.batches).map((b) => b.status)).toEqual(["DONE", "DROPPED", "DROPPED"]);
  });

  it("a user pause stops new waves while the running one finishes", () => {
    const sc = given(threeWaves());
    settleLaunches(sc, sc.when(noOutsideUsage(), 0), 0);
    sc.when([{ type: "UserAction", action: "pause", actor: "bob" }], 1);
    sc.when([...jobsFinished(sc.state), ...noOutsideUsage()], 10);
    sc.when([...allHealthy(sc.state), ...noOutsideUsage()], 10);
    expect(sc.state.status).toBe("PAUSED");
    expectWaves(sc.state, { 1: "COMPLETED", 2: "PENDING", 3: "PENDING" });
    sc.when([{ type: "UserAction", action: "resume", actor: "bob" }, ...noOutsideUsage()], 20);
    expect(waveStatus(sc.state, 2)).toBe("LAUNCHING");
  });

  it("refuses state-breaking actions with clear codes", () => {
    const sc = given(threeWaves());
    settleLaunches(sc, sc.when(noOutsideUsage(), 0), 0);
    const code = (action: Parameters<typeof checkUserAction>[1]) => {
      try {
        checkUserAction(sc.state, action);
        return "allowed";
      } catch (e) {
        if (e instanceof InvalidStateError || e instanceof ValidationError) return `${e.name} ${e.code}`;
        throw e;
      }
    };
    expect(code("resume")).toBe("InvalidStateError EXECUTION_NOT_PAUSED");
    expect(code("terminate")).toBe("InvalidStateError EXECUTION_NOT_FINISHED");
    expect(code("retry")).toBe("InvalidStateError EXECUTION_NOT_RETRYABLE");
    expect(code("pause")).toBe("allowed");
    sc.when([{ type: "UserAction", action: "cancel", actor: "bob" }], 1);
    expect(code("cancel")).toBe("InvalidStateError EXECUTION_ALREADY_CANCELLING");
    sc.when([...jobsFinished(sc.state)], 2);
    expect(sc.state.status).toBe("CANCELLED");
    expect(code("cancel")).toBe("InvalidStateError EXECUTION_ALREADY_FINISHED");
  });
});

describe("execution engine: health", () => {
  it("counts a server recovered only when the job says LAUNCHED and EC2 is running with both checks ok", () => {
    const sc = given(created([{ servers: fleet(1, 0) }]));
    settleLaunches(sc, sc.when(noOutsideUsage(), 0), 0);
    const d = sc.when([...jobsFinished(sc.state)], 10);
    expect(sc.state.servers[serverId(0)]?.health).toBe("CHECKING");
    expect(commandsOf(d, "CheckInstanceHealth")).toEqual([]);
    const tick = sc.when([{ type: "Tick" }], 11);
    expect(commandsOf(tick, "CheckInstanceHealth")).toEqual([
      {
        type: "CheckInstanceHealth",
        accountId: HOME,
        region: "us-east-1",
        servers: [{ serverId: serverId(0), recoveryInstanceId: `i-rec-${serverId(0)}` }],
      },
    ]);
    const health = (instanceStatus: string) => ({
      type: "HealthObserved" as const,
      accountId: HOME,
      region: "us-east-1",
      servers: [
        { serverId: serverId(0), ec2InstanceId: "i-1", state: "running", instanceStatus, systemStatus: "ok" },
      ],
    });
    sc.when([health("initializing")], 12);
    expect(sc.state.servers[serverId(0)]).toMatchObject({
      health: "CHECKING",
      ec2InstanceId: "i-1",
      ec2State: "running",
    });
    sc.when([health("ok")], 13);
    expect(sc.state.servers[serverId(0)]?.health).toBe("HEALTHY");
    expect(sc.state.status).toBe("COMPLETED");
  });

  it("fails a server whose instance is not healthy within the timeout, with the reason", () => {
    const sc = given(created([{ servers: fleet(2, 0) }], { healthCheckTimeoutSeconds: 60 }));
    settleLaunches(sc, sc.when(noOutsideUsage(), 0), 0);
    sc.when([...jobsFinished(sc.state)], 10);
    const firstOnly = allHealthy(sc.state).map((o) =>
      o.type === "HealthObserved" ? { ...o, servers: o.servers.slice(0, 1) } : o,
    );
    sc.when(firstOnly, 20);
    const d = sc.when([{ type: "Tick" }], 69);
    expect(sc.state.servers[serverId(1)]?.health).toBe("CHECKING");
    expect(d.wakeAt).toBe(isoAt(70));
    sc.when([{ type: "Tick" }], 70);
    expect(sc.state.servers[serverId(1)]).toMatchObject({ health: "FAILED" });
    expect(sc.state.servers[serverId(1)]?.error).toMatch(/health check timed out after 60 s/);
    expect(waveStatus(sc.state, 1)).toBe("PARTIAL");
    expect(sc.state.status).toBe("PARTIAL");
  });

  it("reports HEALTH_CHECK for a wave whose launches settled and instances are booting", () => {
    const sc = given(created([{ servers: fleet(1, 0) }]));
    settleLaunches(sc, sc.when(noOutsideUsage(), 0), 0);
    expect(executionView(sc.state).waveStatus[0]?.status).toBe("LAUNCHING");
    sc.when([...jobsFinished(sc.state)], 10);
    expect(executionView(sc.state).waveStatus[0]?.status).toBe("HEALTH_CHECK");
  });
});

describe("execution engine: failures and retry", () => {
  it("ends PARTIAL with reasons and skips later waves when a wave with onFailure STOP partly fails", () => {
    const sc = given(threeWaves());
    completeRunningWaves(sc, 0, new Set([serverId(1)]));
    expect(sc.state.status).toBe("PARTIAL");
    expectWaves(sc.state, { 1: "PARTIAL", 2: "SKIPPED", 3: "SKIPPED" });
    expect(sc.state.servers[serverId(1)]).toMatchObject({
      health: "FAILED",
      launchStatus: "FAILED",
      error: "DRS launch failed",
    });
  });

  it("goes on after a failed wave whose onFailure is CONTINUE", () => {
    const sc = given(created([{ servers: fleet(1, 0), onFailure: "CONTINUE" }, { servers: fleet(1, 10) }]));
    completeRunningWaves(sc, 0, new Set([serverId(0)]));
    expectWaves(sc.state, { 1: "FAILED", 2: "LAUNCHING" });
    completeRunningWaves(sc, 30);
    expect(sc.state.status).toBe("PARTIAL");
  });

  it("ends FAILED when no server recovered", () => {
    const sc = given(created([{ servers: fleet(2, 0) }, { servers: fleet(1, 10) }]));
    completeRunningWaves(sc, 0, new Set([serverId(0), serverId(1)]));
    expect(sc.state.status).toBe("FAILED");
  });

  it("retry relaunches only the failed servers, as a new attempt, and then runs the skipped waves", () => {
    const sc = given(threeWaves());
    completeRunningWaves(sc, 0, new Set([serverId(1)]));
    const d = sc.when([{ type: "UserAction", action: "retry", actor: "bob" }, ...noOutsideUsage()], 100);
    expect(sc.state.status).toBe("RUNNING");
    expect(sc.state.attempt).toBe(2);
    const [start] = commandsOf(d, "StartRecovery");
    expect(start?.batch.batchId).toBe("w1-a2-111111111111-us-east-1-1");
    expect(start?.batch.servers).toEqual([{ serverId: serverId(1) }]);
    settleLaunches(sc, d, 100);
    sc.when([...jobsFinished(sc.state)], 110);
    settleLaunches(sc, sc.when([...allHealthy(sc.state), ...noOutsideUsage()], 110), 110);
    expectWaves(sc.state, { 1: "COMPLETED", 2: "LAUNCHING", 3: "PENDING" });
    completeRunningWaves(sc, 200);
    completeRunningWaves(sc, 300);
    expect(sc.state.status).toBe("COMPLETED");
  });

  it("terminates the instances of every attempt, including those a retry replaced", () => {
    const sc = given(created([{ servers: fleet(1, 0) }], { healthCheckTimeoutSeconds: 60 }));
    settleLaunches(sc, sc.when(noOutsideUsage(), 0), 0);
    sc.when([...jobsFinished(sc.state)], 10);
    sc.when([{ type: "Tick" }], 100);
    expect(sc.state.status).toBe("FAILED");
    settleLaunches(
      sc,
      sc.when([{ type: "UserAction", action: "retry", actor: "bob" }, ...noOutsideUsage()], 200),
      200,
    );
    const retried = jobsFinished(sc.state).map((o) =>
      o.type === "JobsObserved"
        ? {
            ...o,
            jobs: o.jobs.map((j) => ({
              ...j,
              servers: j.servers.map((x) => ({ ...x, recoveryInstanceId: "i-rec-second" })),
            })),
          }
        : o,
    );
    sc.when(retried, 210);
    sc.when(allHealthy(sc.state), 220);
    expect(sc.state.status).toBe("COMPLETED");
    const d = sc.when([{ type: "UserAction", action: "terminate", actor: "bob" }], 300);
    expect(commandsOf(d, "TerminateRecoveryInstances")[0]?.recoveryInstanceIds).toEqual([
      `i-rec-${serverId(0)}`,
      "i-rec-second",
    ]);
  });

  it("fails the batch's servers with DRS's message on a validation error", () => {
    const sc = given(created([{ servers: fleet(2, 0) }]));
    const d = sc.when(noOutsideUsage(), 0);
    const [start] = commandsOf(d, "StartRecovery");
    sc.when(
      [
        {
          type: "LaunchFailed",
          batchId: start?.batch.batchId ?? "",
          kind: "validation",
          message: "server not replicating",
        },
      ],
      1,
    );
    expect(sc.state.servers[serverId(0)]).toMatchObject({
      health: "FAILED",
      error: "server not replicating",
    });
    expect(sc.state.status).toBe("FAILED");
  });

  it("waits and tries again after a quota or throttling error, with growing delays", () => {
    const sc = given(created([{ servers: fleet(2, 0) }]));
    let d = sc.when(noOutsideUsage(), 0);
    const batchId = commandsOf(d, "StartRecovery")[0]?.batch.batchId ?? "";
    const delays: number[] = [];
    let now = 0;
    for (let i = 0; i < 4; i++) {
      d = sc.when(
        [{ type: "LaunchFailed", batchId, kind: i % 2 ? "throttling" : "quota", message: "slow down" }],
        now,
      );
      const retryAt = Date.parse(sc.state.batches[batchId]?.retryAt ?? "");
      delays.push(retryAt - at(now).getTime());
      expect(d.wakeAt).toBe(new Date(retryAt).toISOString());
      now = (retryAt - at(0).getTime()) / 1000;
      d = sc.when([{ type: "Tick" }, ...noOutsideUsage()], now);
      expect(commandsOf(d, "StartRecovery")).toHaveLength(1);
    }
    expect(delays[3]).toBeGreaterThan(delays[0] ?? Number.POSITIVE_INFINITY);
    expect(sc.state.status).toBe("RUNNING");
  });
});

describe("execution engine: quotas", () => {
  it("with 2 concurrent jobs allowed, launches the third batch of a 250-server wave only after a job ends", () => {
    const sc = given(created([{ servers: fleet(250, 0) }], { quotas: { maxConcurrentJobs: 2 } }));
    const d = settleLaunches(sc, sc.when(noOutsideUsage(), 0), 0);
    expect(sc.events.filter((e) => e.type === "BatchLaunchRequested")).toHaveLength(2);
    expect(commandsOf(d, "StartRecovery")).toEqual([]);
    const first = Object.values(sc.state.batches)[0];
    const oneDone = jobsFinished(sc.state).map((o) =>
      o.type === "JobsObserved" ? { ...o, jobs: o.jobs.filter((j) => j.jobId === first?.jobId) } : o,
    );
    const next = sc.when([...oneDone, ...noOutsideUsage()], 30);
    expect(commandsOf(next, "StartRecovery").map((c) => c.batch.servers.length)).toEqual([50]);
  });

  it("counts DRS jobs and servers that run outside this execution", () => {
    const sc = given(created([{ servers: fleet(150, 0) }]));
    const busy = {
      type: "OutsideUsage" as const,
      accountId: HOME,
      region: "us-east-1",
      activeJobs: 19,
      serversInActiveJobs: 100,
      recoveryInstances: 0,
    };
    const d = sc.when([busy], 0);
    expect(commandsOf(d, "StartRecovery")).toHaveLength(1);
    const crowded = { ...busy, activeJobs: 5, serversInActiveJobs: 351 };
    const d2 = sc.when(
      [
        {
          type: "LaunchSucceeded",
          batchId: commandsOf(d, "StartRecovery")[0]?.batch.batchId ?? "",
          jobId: "j1",
        },
        crowded,
      ],
      1,
    );
    expect(commandsOf(d2, "StartRecovery")).toEqual([]);
    const d3 = sc.when([{ ...crowded, serversInActiveJobs: 350 }], 2);
    expect(commandsOf(d3, "StartRecovery")).toHaveLength(1);
  });

  it("fails servers that can never fit the recovery-instance quota instead of waiting forever", () => {
    const sc = given(
      created([{ servers: fleet(3, 0) }, { servers: fleet(3, 10) }], { quotas: { maxRecoveryInstances: 4 } }),
    );
    completeRunningWaves(sc, 0);
    sc.when(noOutsideUsage(), 10);
    expect(sc.state.servers[serverId(10)]?.error).toMatch(/recovery-instance quota/);
    expect(sc.state.status).toBe("PARTIAL");
  });
});

describe("execution engine: polling, crash recovery, termination", () => {
  it("polls with one DescribeJobs per account-region for all active jobs, only on a tick", () => {
    const servers = [...fleet(150, 0), ...fleet(2, 1000, "222222222222", "us-west-2")];
    const sc = given(created([{ servers }]));
    const launched = settleLaunches(sc, sc.when(noOutsideUsage(), 0), 0);
    expect(commandsOf(launched, "DescribeJobs")).toEqual([]);
    const tick = sc.when([{ type: "Tick" }], 2);
    expect(commandsOf(tick, "DescribeJobs").map((c) => [c.accountId, c.region, c.jobIds.length])).toEqual([
      [HOME, "us-east-1", 2],
      ["222222222222", "us-west-2", 1],
    ]);
  });

  it("polls soon after a change and backs off while nothing changes", () => {
    const sc = given(created([{ servers: fleet(1, 0) }]));
    settleLaunches(sc, sc.when(noOutsideUsage(), 0), 0);
    const soon = decide(sc.state, [{ type: "Tick" }], at(0));
    const later = decide(sc.state, [{ type: "Tick" }], at(10));
    const much = decide(sc.state, [{ type: "Tick" }], at(600));
    expect(Date.parse(soon.wakeAt ?? "") - at(0).getTime()).toBe(1000);
    expect(Date.parse(later.wakeAt ?? "") - at(10).getTime()).toBe(5000);
    expect(Date.parse(much.wakeAt ?? "") - at(600).getTime()).toBe(15_000);
  });

  it("recognises a batch launched just before a crash by its tags, and relaunches one that never was", () => {
    const sc = given(created([{ servers: fleet(150, 0) }]));
    const d = sc.when(noOutsideUsage(), 0);
    const [a, b] = commandsOf(d, "StartRecovery").map((c) => c.batch.batchId);
    // The runner crashed: both intents stored, no results. On restart DRS knows a job for `a` only.
    const restarted = sc.when(
      [
        {
          type: "JobsObserved",
          accountId: HOME,
          region: "us-east-1",
          jobs: [
            {
              jobId: "job-a",
              status: "STARTED",
              tags: { "drso:executionId": "exec-1", "drso:batchId": a ?? "" },
              servers: [],
            },
          ],
        },
        { type: "LaunchNotFound", batchId: b ?? "" },
        ...noOutsideUsage(),
      ],
      30,
    );
    expect(sc.state.batches[a ?? ""]).toMatchObject({ status: "ACTIVE", jobId: "job-a" });
    expect(commandsOf(restarted, "StartRecovery").map((c) => c.batch.batchId)).toEqual([b]);
  });

  it("terminates recovery instances once, per account-region, only after the execution finished", () => {
    const sc = given(created([{ servers: fleet(2, 0) }]));
    completeRunningWaves(sc, 0);
    const d = sc.when([{ type: "UserAction", action: "terminate", actor: "bob" }], 100);
    expect(commandsOf(d, "TerminateRecoveryInstances")).toEqual([
      {
        type: "TerminateRecoveryInstances",
        accountId: HOME,
        region: "us-east-1",
        recoveryInstanceIds: [`i-rec-${serverId(0)}`, `i-rec-${serverId(1)}`],
      },
    ]);
    sc.when(
      [
        {
          type: "TerminationStarted",
          accountId: HOME,
          region: "us-east-1",
          jobId: "drsjob-t",
          recoveryInstanceIds: [],
        },
      ],
      101,
    );
    expect(sc.state.instancesTerminated).toBe(true);
    const again = sc.when([{ type: "UserAction", action: "terminate", actor: "bob" }, { type: "Tick" }], 102);
    expect(again.events).toEqual([]);
    expect(commandsOf(again, "TerminateRecoveryInstances")).toEqual([]);
  });
});
