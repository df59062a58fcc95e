import { expect } from "vitest";
import { DEFAULT_DRS_QUOTAS, type DrsQuotas } from "../../quotas";
import type { RecoveryPlan, Wave } from "../../recovery-plan";
import { LAUNCH_TAGS } from "../../recovery-ports";
import type { SourceServer } from "../../source-server";
import type { Decision, ExecutionObservation } from "../execution-commands";
import { decide, replay } from "../execution-engine";
import type { ExecutionEvent, ExecutionSettings } from "../execution-events";
import type { ExecutionState } from "../execution-state";
import { compilePlan } from "../plan-compiler";

/**
 * given(events) / when(observations, at) / then(...) for the engine, in the style of the decider
 * samples: tests read as the story of an execution.
 */

export const T0 = Date.parse("2026-01-01T00:00:00.000Z");
/** The fake clock: seconds after T0. */
export const at = (seconds: number) => new Date(T0 + seconds * 1000);
export const isoAt = (seconds: number) => at(seconds).toISOString();

export const HOME = "111111111111";
export const TARGET = "222222222222";

export const serverId = (n: number) => `s-${n.toString(16).padStart(17, "0")}`;
export const groupId = (n: number) => `00000000-0000-4000-8000-${n.toString().padStart(12, "0")}`;

export function fleet(count: number, from = 0, accountId = HOME, region = "us-east-1"): SourceServer[] {
  return Array.from({ length: count }, (_, i) => ({
    serverId: serverId(from + i),
    hostname: `host-${from + i}`,
    accountId,
    region,
    replicationState: "CONTINUOUS",
    tags: {},
  }));
}

export type WaveSpec = Partial<Omit<Wave, "waveNumber" | "protectionGroupIds">> & { servers: SourceServer[] };

/** `ExecutionCreated` for a plan whose wave i (1-based) recovers `waves[i-1].servers`. */
export function created(
  waves: WaveSpec[],
  options: {
    quotas?: Partial<DrsQuotas>;
    healthCheckTimeoutSeconds?: number;
    executionType?: "DRILL" | "RECOVERY";
    /** For tests that store several executions (defaults: fixed ids). */
    executionId?: string;
    planId?: string;
  } = {},
): ExecutionEvent {
  const planWaves: Wave[] = waves.map((w, i) => ({
    waveNumber: i + 1,
    waveName: w.waveName ?? `Wave ${i + 1}`,
    protectionGroupIds: [groupId(i + 1)],
    ...(w.dependsOnWaves ? { dependsOnWaves: w.dependsOnWaves } : {}),
    pauseBeforeWave: w.pauseBeforeWave ?? false,
    ...(w.waitTimeSeconds !== undefined ? { waitTimeSeconds: w.waitTimeSeconds } : {}),
    onFailure: w.onFailure ?? "STOP",
    ...(w.maxWaveMinutes !== undefined ? { maxWaveMinutes: w.maxWaveMinutes } : {}),
  }));
  const plan: RecoveryPlan = {
    planId: options.planId ?? "11111111-2222-4333-8444-555555555555",
    planName: "Three tier",
    waves: planWaves,
    version: 1,
    createdDate: isoAt(0),
    lastModifiedDate: isoAt(0),
    createdBy: "alice",
    lastModifiedBy: "alice",
  };
  const quotas = { ...DEFAULT_DRS_QUOTAS, ...options.quotas };
  const settings: ExecutionSettings = {
    quotas,
    healthCheckTimeoutSeconds: options.healthCheckTimeoutSeconds ?? 600,
    pollMinMs: 1000,
    pollMaxMs: 15_000,
  };
  const groups = new Map(waves.map((w, i) => [groupId(i + 1), w.servers]));
  return {
    type: "ExecutionCreated",
    at: isoAt(0),
    actor: "alice",
    executionId: options.executionId ?? "exec-1",
    planId: plan.planId,
    planName: plan.planName,
    executionType: options.executionType ?? "DRILL",
    planSnapshot: plan,
    settings,
    compiled: compilePlan(plan, groups, quotas),
  };
}

/** Zero outside usage for every account-region the tests use. */
export const noOutsideUsage = (): ExecutionObservation[] =>
  [HOME, TARGET].flatMap((accountId) =>
    ["us-east-1", "us-west-2"].map((region) => ({
      type: "OutsideUsage" as const,
      accountId,
      region,
      activeJobs: 0,
      serversInActiveJobs: 0,
      recoveryInstances: 0,
    })),
  );

export interface Scenario {
  events: ExecutionEvent[];
  state: ExecutionState;
  /** Decide, then append the decision's events (as the runner does). */
  when(observations: ExecutionObservation[], seconds: number): Decision;
}

export function given(...events: ExecutionEvent[]): Scenario {
  const scenario: Scenario = {
    events: [...events],
    state: replay(events),
    when(observations, seconds) {
      const d = decide(scenario.state, observations, at(seconds));
      scenario.events.push(...d.events);
      scenario.state = replay(scenario.events);
      return d;
    },
  };
  return scenario;
}

export const eventTypes = (d: Decision) => d.events.map((e) => e.type);
export const commandsOf = <T extends Decision["commands"][number]["type"]>(d: Decision, type: T) =>
  d.commands.filter((c): c is Extract<Decision["commands"][number], { type: T }> => c.type === type);

/** Job observations for every launched batch: all servers LAUNCHED (or FAILED for `failed`), job COMPLETED. */
export function jobsFinished(
  s: ExecutionState,
  failed: ReadonlySet<string> = new Set(),
): ExecutionObservation[] {
  const byTarget = new Map<string, Extract<ExecutionObservation, { type: "JobsObserved" }>>();
  for (const b of Object.values(s.batches)) {
    if (b.status !== "ACTIVE" || !b.jobId) continue;
    const k = `${b.accountId}/${b.region}`;
    const obs = byTarget.get(k) ?? {
      type: "JobsObserved" as const,
      accountId: b.accountId,
      region: b.region,
      jobs: [],
    };
    obs.jobs.push({
      jobId: b.jobId,
      status: "COMPLETED",
      tags: { [LAUNCH_TAGS.executionId]: s.executionId, [LAUNCH_TAGS.batchId]: b.batchId },
      servers: b.serverIds.map((id) =>
        failed.has(id)
          ? { serverId: id, launchStatus: "FAILED" as const }
          : { serverId: id, launchStatus: "LAUNCHED" as const, recoveryInstanceId: `i-rec-${id}` },
      ),
    });
    byTarget.set(k, obs);
  }
  return [...byTarget.values()];
}

/** EC2 running with both checks ok for every server being health-checked. */
export function allHealthy(s: ExecutionState): ExecutionObservation[] {
  const byTarget = new Map<string, Extract<ExecutionObservation, { type: "HealthObserved" }>>();
  for (const x of Object.values(s.servers)) {
    if (x.health !== "CHECKING") continue;
    const k = `${x.accountId}/${x.region}`;
    const obs = byTarget.get(k) ?? {
      type: "HealthObserved" as const,
      accountId: x.accountId,
      region: x.region,
      servers: [],
    };
    obs.servers.push({
      serverId: x.serverId,
      ec2InstanceId: `i-${x.serverId}`,
      state: "running",
      instanceStatus: "ok",
      systemStatus: "ok",
    });
    byTarget.set(k, obs);
  }
  return [...byTarget.values()];
}

/** Launches whatever the engine asks for (jobs `job-<batchId>`) and returns the observations. */
export function launchAll(d: Decision): ExecutionObservation[] {
  return d.commands
    .filter((c) => c.type === "StartRecovery")
    .map((c) => ({
      type: "LaunchSucceeded" as const,
      batchId: c.batch.batchId,
      jobId: `job-${c.batch.batchId}`,
    }));
}

/** Feeds back launch results until the engine asks for no more launches. */
export function settleLaunches(sc: Scenario, d: Decision, seconds: number): Decision {
  let last = d;
  for (let launched = launchAll(last); launched.length > 0; launched = launchAll(last)) {
    last = sc.when([...launched, ...noOutsideUsage()], seconds);
  }
  return last;
}

/** The happy path for the running waves: launch, jobs complete, instances healthy, next waves launched. */
export function completeRunningWaves(
  sc: Scenario,
  seconds: number,
  failed: ReadonlySet<string> = new Set(),
): Decision {
  settleLaunches(sc, sc.when(noOutsideUsage(), seconds), seconds);
  settleLaunches(sc, sc.when([...jobsFinished(sc.state, failed), ...noOutsideUsage()], seconds), seconds);
  return settleLaunches(sc, sc.when([...allHealthy(sc.state), ...noOutsideUsage()], seconds), seconds);
}

export const waveStatus = (s: ExecutionState, n: number) => s.waves.find((w) => w.waveNumber === n)?.status;
export const expectWaves = (s: ExecutionState, expected: Record<number, string>) =>
  expect(Object.fromEntries(s.waves.map((w) => [w.waveNumber, w.status]))).toEqual(expected);
