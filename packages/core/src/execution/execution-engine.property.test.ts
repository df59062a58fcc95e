import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_DRS_QUOTAS, type DrsQuotas } from "../quotas";
import { Execution, isTerminalExecutionStatus, isTerminalWaveStatus } from "./execution";
import type { ExecutionObservation, UserAction } from "./execution-commands";
import { decide, replay } from "./execution-engine";
import type { ExecutionEvent } from "./execution-events";
import { evolve } from "./execution-evolve";
import { type ExecutionState, initialState } from "./execution-state";
import { executionView } from "./execution-view";
import { created, fleet, HOME, T0, TARGET, type WaveSpec } from "./testing/execution-specification";
import { type FailurePattern, SimulatedDrs } from "./testing/simulated-drs";

/**
 * Properties of the engine driven against a simulated DRS with random plans (random DAGs of
 * waves), random quotas, random failures and load from other tools, and random user actions.
 */

const TARGETS = [
  [HOME, "us-east-1"],
  [HOME, "us-west-2"],
  [TARGET, "us-east-1"],
] as const;

const planArb = fc
  .integer({ min: 1, max: 6 })
  .chain((n) =>
    fc.tuple(
      ...Array.from({ length: n }, (_, i) =>
        fc.record({
          servers: fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 60 }),
          deps: fc.option(fc.subarray(Array.from({ length: i }, (_, k) => k + 1)), { nil: undefined }),
          pauseBeforeWave: fc.boolean(),
          waitTimeSeconds: fc.option(fc.integer({ min: 0, max: 300 }), { nil: undefined }),
          onFailure: fc.constantFrom("STOP" as const, "CONTINUE" as const),
        }),
      ),
    ),
  )
  .map((waves) => {
    let next = 0;
    return waves.map((w): WaveSpec => {
      const servers = w.servers.flatMap((t) => {
        const [accountId, region] = TARGETS[t] ?? TARGETS[0];
        return fleet(1, next++, accountId, region);
      });
      return {
        servers,
        ...(w.deps ? { dependsOnWaves: w.deps } : {}),
        pauseBeforeWave: w.pauseBeforeWave,
        ...(w.waitTimeSeconds !== undefined ? { waitTimeSeconds: w.waitTimeSeconds } : {}),
        onFailure: w.onFailure,
      };
    });
  });

const quotasArb: fc.Arbitrary<DrsQuotas> = fc.record({
  maxServersPerJob: fc.integer({ min: 1, max: 40 }),
  maxConcurrentJobs: fc.integer({ min: 1, max: 5 }),
  maxServersInActiveJobs: fc.integer({ min: 1, max: 80 }),
  maxRecoveryInstances: fc.integer({ min: 5, max: 400 }),
  maxReplicatingServers: fc.constant(DEFAULT_DRS_QUOTAS.maxReplicatingServers),
});

const patternArb: fc.Arbitrary<FailurePattern> = fc.record({
  seed: fc.integer(),
  launchFailure: fc.double({ min: 0, max: 0.5, noNaN: true }),
  neverHealthy: fc.double({ min: 0, max: 0.3, noNaN: true }),
  throttling: fc.double({ min: 0, max: 0.4, noNaN: true }),
  validation: fc.double({ min: 0, max: 0.1, noNaN: true }),
  outsideLoad: fc.array(
    fc.record({
      accountId: fc.constantFrom(HOME, TARGET),
      region: fc.constantFrom("us-east-1", "us-west-2"),
      from: fc.integer({ min: 0, max: 600 }),
      to: fc.integer({ min: 0, max: 1800 }),
      jobs: fc.integer({ min: 0, max: 3 }),
      servers: fc.integer({ min: 0, max: 60 }),
      instances: fc.integer({ min: 0, max: 50 }),
    }),
    { maxLength: 4 },
  ),
});

/** User actions at random steps of the run. */
const actionsArb = fc.array(
  fc.record({
    step: fc.integer({ min: 0, max: 400 }),
    action: fc.constantFrom<UserAction>("pause", "resume", "cancel", "retry"),
  }),
  { maxLength: 3 },
);

const MAX_STEPS = 20_000;

interface Run {
  state: ExecutionState;
  /** The whole log, `ExecutionCreated` first. */
  events: ExecutionEvent[];
  sim: SimulatedDrs;
  steps: number;
  dependencyViolations: string[];
  /** Waves with pauseBeforeWave that started without a WaveApproved since they waited. */
  unapprovedStarts: number[];
}

/** Drives decide/evolve like the runner does: persist events, execute commands, sleep until wakeAt. */
function run(
  waves: WaveSpec[],
  quotas: DrsQuotas,
  pattern: FailurePattern,
  actions: { step: number; action: UserAction }[],
  healthCheckTimeoutSeconds: number,
): Run {
  const sim = new SimulatedDrs(quotas, pattern, T0);
  const first = created(waves, { quotas, healthCheckTimeoutSeconds });
  let state = evolve(initialState(), first);
  const events: ExecutionEvent[] = [first];
  const dependencyViolations: string[] = [];
  const unapprovedStarts: number[] = [];
  let now = T0;
  let observations: ExecutionObservation[] = sim.usage(now);
  let steps = 0;
  for (; steps < MAX_STEPS; steps++) {
    for (const a of actions)
      if (a.step === steps) observations.push({ type: "UserAction", action: a.action, actor: "prop" });
    const d = decide(state, observations, new Date(now));
    for (const e of d.events) {
      if (e.type === "WaveStarted") {
        const wave = state.waves.find((w) => w.waveNumber === e.waveNumber);
        for (const dep of wave?.dependsOnWaves ?? []) {
          const status = state.waves.find((w) => w.waveNumber === dep)?.status;
          if (!status || !isTerminalWaveStatus(status) || status === "SKIPPED" || status === "CANCELLED")
            dependencyViolations.push(`wave ${e.waveNumber} started while wave ${dep} was ${status}`);
        }
        if (wave?.pauseBeforeWave && !wave.approved) unapprovedStarts.push(e.waveNumber);
      }
      state = evolve(state, e);
      events.push(e);
    }
    observations = sim.execute(d.commands, now);
    if (observations.length > 0) {
      observations.push(...sim.usage(now));
      continue;
    }
    if (isTerminalExecutionStatus(state.status)) break;
    if (d.wakeAt === undefined) {
      // Only a pause waits for a person; the test is that person.
      expect(state.status).toBe("PAUSED");
      observations = [{ type: "UserAction", action: "resume", actor: "prop" }, ...sim.usage(now)];
      continue;
    }
    const wake = Date.parse(d.wakeAt);
    expect(wake).toBeGreaterThanOrEqual(now);
    now = Math.max(wake, now + 1);
    observations = [{ type: "Tick" }, ...sim.usage(now)];
  }
  return { state, events, sim, steps, dependencyViolations, unapprovedStarts };
}

describe("execution engine properties", () => {
  it("never exceeds DRS quotas, never starts a wave before its dependencies, always finishes, and shows the API record core's schema describes", () => {
    fc.assert(
      fc.property(
        planArb,
        quotasArb,
        patternArb,
        actionsArb,
        fc.integer({ min: 30, max: 600 }),
        (waves, quotas, pattern, actions, timeout) => {
          const r = run(waves, quotas, pattern, actions, timeout);
          expect(r.sim.violations).toEqual([]);
          expect(r.dependencyViolations).toEqual([]);
          expect(isTerminalExecutionStatus(r.state.status)).toBe(true);
          // Every launched server settled; a server counts as recovered only if DRS and EC2 said so.
          for (const srv of Object.values(r.state.servers)) {
            expect(srv.health).not.toBe("CHECKING");
            if (srv.health === "HEALTHY") expect(srv.launchStatus).toBe("LAUNCHED");
          }
          for (const w of r.state.waves) expect(isTerminalWaveStatus(w.status)).toBe(true);
          // The record the API returns is exactly core's schema (the OpenAPI document's and the UI's type).
          expect(Execution.safeParse(executionView(r.state)).error).toBeUndefined();
        },
      ),
      { numRuns: 150 },
    );
  });

  it("starts a pauseBeforeWave wave only after a WaveApproved, and old logs without WaveApproved replay to the same state", () => {
    fc.assert(
      fc.property(planArb, quotasArb, patternArb, actionsArb, (waves, quotas, pattern, actions) => {
        const r = run(waves, quotas, pattern, actions, 600);
        expect(r.unapprovedStarts).toEqual([]);
        const approvals = r.events.filter((e) => e.type === "WaveApproved");
        for (const a of approvals) expect(waves[a.waveNumber - 1]?.pauseBeforeWave).toBe(true);
        expect(replay(r.events)).toEqual(r.state);
        expect(replay(r.events.filter((e) => e.type !== "WaveApproved"))).toEqual(r.state);
      }),
      { numRuns: 100 },
    );
  });

  it("with no failures, no outside load and no user actions, every server recovers and the execution completes", () => {
    fc.assert(
      fc.property(planArb, quotasArb, fc.integer(), (waves, quotas, seed) => {
        const pattern: FailurePattern = {
          seed,
          launchFailure: 0,
          neverHealthy: 0,
          throttling: 0,
          validation: 0,
          outsideLoad: [],
        };
        const total = waves.reduce((n, w) => n + w.servers.length, 0);
        fc.pre(total <= quotas.maxRecoveryInstances);
        const r = run(waves, { ...quotas }, pattern, [], 600);
        expect(r.state.status).toBe("COMPLETED");
        expect(Object.values(r.state.servers).every((s) => s.health === "HEALTHY")).toBe(true);
        expect(r.sim.violations).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});
