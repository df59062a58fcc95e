import type { AwsErrorKind } from "../errors";
import { SERVER_FAILED_SUBJECT } from "../notifications";
import { LAUNCH_TAGS } from "../recovery-ports";
import {
  type Decision,
  type DecisionPart,
  type ExecutionCommand,
  type ExecutionObservation,
  notifyCommand,
  type OutsideUsage,
} from "./execution-commands";
import type { ExecutionEvent } from "./execution-events";
import { evolve } from "./execution-evolve";
import { nextWake, pollCommands } from "./execution-polling";
import { type BatchState, type ExecutionState, initialState, recoveryInstanceIdsIn } from "./execution-state";
import { userActionAllowed } from "./execution-user-actions";
import { splitIntoBatches } from "./plan-compiler";
import { launchBatches } from "./quota-scheduler";
import { approveWaitingWaves, finishIfDone, progressWaves, waveTimeouts } from "./wave-progression";

export { replay } from "./execution-event-upcasting";

export { checkUserAction } from "./execution-user-actions";

/**
 * The execution engine: a pure decider (docs/architecture.md, "The execution engine"). Given the state (a fold of the events), the
 * observations since the last call and the current time, it returns the events to append, the
 * commands for the runner to execute and when to be woken next. No I/O, no clock.
 */

/** DRS errors that retrying cannot fix: the batch's servers fail with the message. */
const PERMANENT_ERRORS: readonly AwsErrorKind[] = [
  "validation",
  "access-denied",
  "not-found",
  "uninitialized",
];
/**
 * Polls in a row in which DescribeJobs does not return a batch's job before the engine decides DRS
 * no longer knows it (a restarted simulator, a job deleted by hand) rather than lagging behind.
 */
export const MAX_JOB_MISSES = 3;

/**
 * Failed DescribeJobs polls after a cancel before the engine stops waiting for the cancelled
 * execution's jobs and ends it CANCELLED: a cancel always ends, even when DRS does not answer.
 */
export const MAX_CANCEL_POLL_FAILURES = 5;

/** A DRS job that shows no change this long is reported (`JobStalled`), and again each such period. */
export const JOB_STALL_MINUTES = 10;

/** Transient launch errors (throttling, conflict, quota, 5xx) after which a batch gives up. */
export const MAX_LAUNCH_ATTEMPTS = 50;

const HEALTHY_EC2 = (o: { state?: string; instanceStatus?: string; systemStatus?: string }) =>
  o.state === "running" && o.instanceStatus === "ok" && o.systemStatus === "ok";
const DEAD_EC2_STATES = ["shutting-down", "terminated", "stopping", "stopped"];

const key = (accountId: string, region: string) => `${accountId}/${region}`;
const ms = (iso: string | undefined) => (iso ? Date.parse(iso) : 0);
const iso = (t: number) => new Date(t).toISOString();

/** Deterministic jitter in [0.5, 1): the engine is pure, so no Math.random. */
function jitter(seed: string): number {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619);
  return 0.5 + ((h >>> 0) % 1000) / 2000;
}

/** Exponential backoff with jitter, bounded by the maximum poll interval. */
function backoffMs(s: ExecutionState, b: BatchState): number {
  const base = Math.min(s.settings.pollMaxMs, s.settings.pollMinMs * 2 ** Math.min(b.failures, 16));
  return Math.max(s.settings.pollMinMs, Math.round(base * jitter(`${b.batchId}:${b.failures}`)));
}

export function decide(
  state: ExecutionState,
  observations: readonly ExecutionObservation[],
  now: Date,
): Decision {
  const at = now.toISOString();
  const t = now.getTime();
  const events: ExecutionEvent[] = [];
  const commands: ExecutionCommand[] = [];
  let s = state;
  const emit = (e: ExecutionEvent) => {
    events.push(e);
    s = evolve(s, e);
  };
  const notify = (subject: string, message: string) =>
    commands.push(notifyCommand(s.executionId, subject, message));
  const forceCancel = (actor: string, reason: string) => {
    emit({ type: "ExecutionForceCancelled", at, actor, reason });
    notify("Execution CANCELLED", `${s.executionType} of plan ${s.planName} was cancelled: ${reason}`);
  };
  /** Appends a rule's part of the decision; answers how many events it added. */
  const add = (part: DecisionPart) => {
    for (const e of part.events) emit(e);
    commands.push(...part.commands);
    return part.events.length;
  };

  if (s.status === "PENDING") {
    emit({ type: "ExecutionStarted", at });
    notify("Execution started", `${s.executionType} of plan ${s.planName} started`);
  }

  const usage = new Map<string, OutsideUsage>();
  let tick = false;
  let terminationJustRequested = false;
  for (const o of observations) {
    switch (o.type) {
      case "Tick":
        tick = true;
        break;
      case "OutsideUsage":
        usage.set(key(o.accountId, o.region), o);
        break;
      case "UserAction":
        if (!userActionAllowed(s, o.action)) break;
        switch (o.action) {
          case "pause":
            emit({ type: "ExecutionPaused", at, actor: o.actor, reason: "paused by user" });
            break;
          case "resume":
            for (const e of approveWaitingWaves(s, at, o.actor)) emit(e);
            emit({ type: "ExecutionResumed", at, actor: o.actor });
            break;
          case "cancel":
            emit({ type: "CancelRequested", at, actor: o.actor });
            break;
          case "forceCancel":
            forceCancel(o.actor, `force-cancelled by ${o.actor}: DRS jobs in flight were not waited for`);
            break;
          case "retry":
            emit(retryEvent(s, at, o.actor));
            break;
          case "terminate":
            emit({ type: "TerminationRequested", at, actor: o.actor });
            terminationJustRequested = true;
            break;
          default: {
            const unreachable: never = o.action;
            return unreachable;
          }
        }
        break;
      case "LaunchSucceeded":
        if (s.batches[o.batchId]?.status === "LAUNCHING")
          emit({ type: "BatchLaunched", at, batchId: o.batchId, jobId: o.jobId });
        break;
      case "LaunchFailed": {
        const b = s.batches[o.batchId];
        if (b?.status !== "LAUNCHING") break;
        if (PERMANENT_ERRORS.includes(o.kind)) {
          emit({ type: "BatchLaunchFailed", at, batchId: b.batchId, reason: o.message });
        } else if (b.failures + 1 >= MAX_LAUNCH_ATTEMPTS) {
          emit({
            type: "BatchLaunchFailed",
            at,
            batchId: b.batchId,
            reason: `gave up after ${MAX_LAUNCH_ATTEMPTS} attempts: ${o.message}`,
          });
        } else {
          emit({
            type: "BatchLaunchDeferred",
            at,
            batchId: b.batchId,
            retryAt: iso(t + backoffMs(s, b)),
            reason: `${o.kind}: ${o.message}`,
          });
        }
        break;
      }
      case "LaunchNotFound":
        if (s.batches[o.batchId]?.status === "LAUNCHING")
          emit({
            type: "BatchLaunchDeferred",
            at,
            batchId: o.batchId,
            retryAt: at,
            reason: "no DRS job carries this launch intent: launching again",
          });
        break;
      case "JobsObserved":
        for (const e of jobEvents(s, o, at)) emit(e);
        for (const e of stalledJobs(s, o, at, t)) emit(e);
        break;
      case "JobsPollFailed": {
        const waiting = Object.values(s.batches).some(
          (b) => b.status === "ACTIVE" && b.accountId === o.accountId && b.region === o.region,
        );
        if (s.status !== "CANCELLING" || !waiting) break;
        const failures = (s.cancellation?.pollFailures ?? 0) + 1;
        const reason = `DescribeJobs failed in ${o.accountId}/${o.region}: ${o.message}`;
        emit({ type: "CancelPollFailed", at, failures, reason });
        if (failures >= MAX_CANCEL_POLL_FAILURES)
          forceCancel(
            "system",
            `cancel stopped waiting for DRS after ${failures} failed DescribeJobs polls (last: ${o.message})`,
          );
        break;
      }
      case "HealthObserved":
        for (const h of o.servers) {
          const srv = s.servers[h.serverId];
          if (srv?.health !== "CHECKING") continue;
          if (HEALTHY_EC2(h)) {
            emit({
              type: "ServerHealthChanged",
              at,
              serverId: srv.serverId,
              health: "HEALTHY",
              ec2InstanceId: h.ec2InstanceId,
              ec2State: h.state,
            });
          } else if (h.state && DEAD_EC2_STATES.includes(h.state)) {
            emit({
              type: "ServerHealthChanged",
              at,
              serverId: srv.serverId,
              health: "FAILED",
              ec2InstanceId: h.ec2InstanceId,
              ec2State: h.state,
              reason: `EC2 instance is ${h.state}`,
            });
          } else if (h.ec2InstanceId !== srv.ec2InstanceId || h.state !== srv.ec2State) {
            emit({
              type: "ServerHealthChanged",
              at,
              serverId: srv.serverId,
              health: "CHECKING",
              ec2InstanceId: h.ec2InstanceId,
              ec2State: h.state,
            });
          }
        }
        break;
      case "TerminationStarted":
        emit({
          type: "TerminationJobStarted",
          at,
          accountId: o.accountId,
          region: o.region,
          jobId: o.jobId,
          recoveryInstanceIds: o.recoveryInstanceIds,
        });
        break;
      case "TerminationFailed":
        emit({ type: "TerminationFailed", at, accountId: o.accountId, region: o.region, reason: o.message });
        break;
      default: {
        const unreachable: never = o;
        return unreachable;
      }
    }
  }

  // Health checks that ran out of time.
  const timeoutMs = s.settings.healthCheckTimeoutSeconds * 1000;
  for (const srv of Object.values(s.servers)) {
    if (srv.health === "CHECKING" && ms(srv.launchedAt) + timeoutMs <= t) {
      emit({
        type: "ServerHealthChanged",
        at,
        serverId: srv.serverId,
        health: "FAILED",
        reason: `health check timed out after ${s.settings.healthCheckTimeoutSeconds} s (EC2 ${srv.ec2State ?? "not seen"})`,
      });
    }
  }

  for (const e of waveTimeouts(s, at, t)) emit(e);

  // Wave transitions until nothing changes (an empty wave finishes at once and frees its dependents).
  for (let guard = 0; guard <= s.waves.length * 4 + 4; guard++) {
    if (add(progressWaves(s, at, t)) === 0) break;
  }

  add(launchBatches(s, usage, at, t));
  add(progressWaves(s, at, t));
  add(finishIfDone(s, at));

  // Termination of recovery instances: once, per account-region holding them.
  if (s.termination.requested && !s.instancesTerminated) {
    const pending = s.termination.targets.filter((x) => !x.jobId);
    if (pending.length === 0) {
      emit({ type: "InstancesTerminated", at });
      notify(
        "Recovery instances terminated",
        `Recovery instances of execution ${s.executionId} are being terminated`,
      );
    } else if (tick || terminationJustRequested) {
      for (const x of pending) {
        commands.push({
          type: "TerminateRecoveryInstances",
          accountId: x.accountId,
          region: x.region,
          recoveryInstanceIds: recoveryInstanceIdsIn(s, x.accountId, x.region),
        });
      }
    }
  }

  // One notice per server this decision failed, with its reason (SERVER_FAILED).
  for (const srv of Object.values(s.servers)) {
    if (srv.health !== "FAILED" || state.servers[srv.serverId]?.health === "FAILED") continue;
    notify(
      SERVER_FAILED_SUBJECT,
      `${srv.hostname} (${srv.serverId}) in wave ${srv.waveNumber} failed: ${srv.error ?? "no reason given"}`,
    );
  }

  if (tick) commands.push(...pollCommands(s));
  return { events, commands, wakeAt: nextWake(s, t) };
}

function retryEvent(s: ExecutionState, at: string, actor: string): ExecutionEvent {
  const attempt = s.attempt + 1;
  const batches = s.waves.flatMap((w) => {
    const failed = w.serverIds
      .map((id) => s.servers[id])
      .filter((x) => x?.health === "FAILED")
      .map((x) => ({
        serverId: x!.serverId,
        hostname: x!.hostname,
        accountId: x!.accountId,
        region: x!.region,
      }));
    return splitIntoBatches(w.waveNumber, attempt, failed, s.settings.quotas);
  });
  return { type: "RetryStarted", at, actor, attempt, batches };
}

/** One JobProgressed per batch whose DRS job changed since the last observation. */
function jobEvents(
  s: ExecutionState,
  o: Extract<ExecutionObservation, { type: "JobsObserved" }>,
  at: string,
): ExecutionEvent[] {
  const byJob = new Map<string, BatchState>();
  for (const b of Object.values(s.batches)) if (b.jobId) byJob.set(b.jobId, b);
  const out: ExecutionEvent[] = [];
  for (const job of o.jobs) {
    let b = byJob.get(job.jobId);
    if (!b) {
      // Reconciliation: a job tagged with one of our launch intents whose result we never stored.
      const tagged = s.batches[job.tags[LAUNCH_TAGS.batchId] ?? ""];
      if (tagged?.status === "LAUNCHING" && job.tags[LAUNCH_TAGS.executionId] === s.executionId) {
        out.push({ type: "BatchLaunched", at, batchId: tagged.batchId, jobId: job.jobId });
        b = { ...tagged, jobId: job.jobId, jobStatus: "PENDING", status: "ACTIVE" };
      }
    }
    if (!b || b.status === "DONE") continue;
    const servers = job.servers.filter((x) => b.serverIds.includes(x.serverId));
    const changed =
      (b.jobMisses ?? 0) > 0 ||
      b.jobStatus !== job.status ||
      servers.some((x) => {
        const srv = s.servers[x.serverId];
        return (
          srv?.launchStatus !== x.launchStatus ||
          (x.recoveryInstanceId ?? srv.recoveryInstanceId) !== srv.recoveryInstanceId
        );
      });
    if (changed) out.push({ type: "JobProgressed", at, batchId: b.batchId, jobStatus: job.status, servers });
  }
  const missing = new Set(o.missingJobIds ?? []);
  for (const b of Object.values(s.batches)) {
    if (b.status !== "ACTIVE" || !b.jobId || !missing.has(b.jobId)) continue;
    if (b.accountId !== o.accountId || b.region !== o.region) continue;
    const misses = (b.jobMisses ?? 0) + 1;
    out.push(
      misses < MAX_JOB_MISSES
        ? { type: "JobNotFound", at, batchId: b.batchId, jobId: b.jobId, misses }
        : {
            type: "BatchJobLost",
            at,
            batchId: b.batchId,
            jobId: b.jobId,
            reason: `DRS no longer knows job ${b.jobId} (not returned by DescribeJobs ${misses} polls in a row)`,
          },
    );
  }
  return out;
}

/** Jobs DRS returned unchanged for JOB_STALL_MINUTES since their last change or last report. */
function stalledJobs(
  s: ExecutionState,
  o: Extract<ExecutionObservation, { type: "JobsObserved" }>,
  at: string,
  t: number,
): ExecutionEvent[] {
  const period = JOB_STALL_MINUTES * 60_000;
  const returned = new Set(o.jobs.map((j) => j.jobId));
  return Object.values(s.batches).flatMap((b): ExecutionEvent[] => {
    if (b.status !== "ACTIVE" || !b.jobId || !returned.has(b.jobId)) return [];
    const quietFor = t - ms(b.progressedAt ?? b.launchedAt);
    if (quietFor < period || (b.stallReportedAt && t - ms(b.stallReportedAt) < period)) return [];
    const minutes = Math.floor(quietFor / 60_000);
    const reason = `DRS job ${b.jobId} shows no change for ${minutes} min (status ${b.jobStatus ?? "unknown"})`;
    return [{ type: "JobStalled", at, batchId: b.batchId, jobId: b.jobId, minutes, reason }];
  });
}

export const executionDecider = { initialState, evolve, decide } as const;
