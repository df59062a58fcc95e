import { DEFAULT_MAX_WAVE_MINUTES } from "../recovery-plan";
import { isTerminalWaveStatus } from "./execution";
import type { ExecutionEvent } from "./execution-events";
import {
  type BatchState,
  type ExecutionState,
  isBatchInFlight,
  isServerSettled,
  type ServerState,
  terminationTargets,
  type WaveState,
} from "./execution-state";

/** How each event changes the state: `evolve` folds one event, with no rule and no I/O. */

const updateWave = (s: ExecutionState, n: number, f: (w: WaveState) => WaveState): ExecutionState => ({
  ...s,
  waves: s.waves.map((w) => (w.waveNumber === n ? f(w) : w)),
});

const updateBatch = (s: ExecutionState, id: string, f: (b: BatchState) => BatchState): ExecutionState => {
  const b = s.batches[id];
  return b ? { ...s, batches: { ...s.batches, [id]: f(b) } } : s;
};

/** The batch ends FAILED with `reason` (its servers are the caller's to settle). */
const failBatch = (s: ExecutionState, id: string, reason: string, at: string): ExecutionState =>
  updateBatch(s, id, (b) => ({ ...b, status: "FAILED", error: reason, endedAt: at }));

const updateServers = (
  s: ExecutionState,
  ids: readonly string[],
  f: (srv: ServerState) => ServerState,
): ExecutionState => {
  const servers = { ...s.servers };
  for (const id of ids) {
    const srv = servers[id];
    if (srv) servers[id] = f(srv);
  }
  return { ...s, servers };
};

export function evolve(state: ExecutionState, event: ExecutionEvent): ExecutionState {
  const s = { ...state, lastChangeAt: event.at };
  switch (event.type) {
    case "ExecutionCreated": {
      const batches: Record<string, BatchState> = {};
      const servers: Record<string, ServerState> = {};
      for (const w of event.compiled.waves) {
        for (const b of w.batches) {
          batches[b.batchId] = { ...b, status: "PLANNED", failures: 0 };
          for (const id of b.serverIds) {
            const c = w.servers.find((x) => x.serverId === id);
            if (!c) continue;
            servers[id] = {
              ...c,
              waveNumber: w.waveNumber,
              batchId: b.batchId,
              launchStatus: "NOT_STARTED",
              health: "PENDING",
              attempt: 1,
            };
          }
        }
      }
      return {
        ...s,
        executionId: event.executionId,
        planId: event.planId,
        planName: event.planName,
        planSnapshot: event.planSnapshot,
        executionType: event.executionType,
        initiatedBy: event.actor,
        settings: event.settings,
        startTime: event.at,
        ...(event.pointInTime ? { pointInTime: event.pointInTime } : {}),
        ...(event.allowDegraded ? { allowDegraded: true } : {}),
        ...(event.excludedServers?.length ? { excludedServers: event.excludedServers } : {}),
        waves: event.compiled.waves.map((w) => ({
          waveNumber: w.waveNumber,
          waveName: w.waveName,
          dependsOnWaves: w.dependsOnWaves,
          pauseBeforeWave: w.pauseBeforeWave,
          waitTimeSeconds: w.waitTimeSeconds,
          onFailure: w.onFailure,
          // Executions created before the setting existed get the default.
          maxWaveMinutes: w.maxWaveMinutes ?? DEFAULT_MAX_WAVE_MINUTES,
          status: "PENDING",
          approved: false,
          serverIds: w.servers.map((x) => x.serverId),
          batchIds: w.batches.map((b) => b.batchId),
        })),
        batches,
        servers,
      };
    }
    case "ExecutionStarted":
      return { ...s, status: "RUNNING" };
    case "WaveAwaitingApproval":
      return updateWave(s, event.waveNumber, (w) => ({ ...w, status: "WAITING_APPROVAL" }));
    case "ExecutionPaused":
      return { ...s, status: "PAUSED", pausedByUser: s.pausedByUser || event.actor !== "system" };
    case "WaveApproved":
      return updateWave(s, event.waveNumber, (w) => ({ ...w, status: "PENDING", approved: true }));
    case "ExecutionResumed":
      return { ...s, status: "RUNNING", pausedByUser: false };
    case "WaveStarted":
      return {
        ...updateWave(s, event.waveNumber, (w) => ({
          ...w,
          status: "LAUNCHING",
          startTime: w.startTime ?? event.at,
          endTime: undefined,
        })),
        currentWave: event.waveNumber,
      };
    case "BatchLaunchRequested":
      return updateBatch(s, event.batchId, (b) => ({
        ...b,
        status: "LAUNCHING",
        requestedAt: event.at,
        retryAt: undefined,
      }));
    case "BatchLaunched": {
      const b = s.batches[event.batchId];
      if (!b) return s;
      const next = updateBatch(s, event.batchId, (x) => ({
        ...x,
        status: "ACTIVE",
        jobId: event.jobId,
        jobStatus: "PENDING",
        launchedAt: event.at,
        progressedAt: event.at,
        error: undefined,
      }));
      return updateServers(next, b.serverIds, (srv) => ({
        ...srv,
        jobId: event.jobId,
        launchStatus: "PENDING",
      }));
    }
    case "BatchLaunchDeferred":
      return updateBatch(s, event.batchId, (b) => ({
        ...b,
        status: "PLANNED",
        failures: b.failures + 1,
        retryAt: event.retryAt,
        error: event.reason,
      }));
    case "BatchLaunchFailed": {
      const b = s.batches[event.batchId];
      if (!b) return s;
      const next = failBatch(s, event.batchId, event.reason, event.at);
      return updateServers(next, b.serverIds, (srv) => ({
        ...srv,
        health: "FAILED",
        launchStatus: "FAILED",
        error: event.reason,
      }));
    }
    case "BatchDropped": {
      const b = s.batches[event.batchId];
      if (!b) return s;
      const next = updateBatch(s, event.batchId, (x) => ({ ...x, status: "DROPPED", error: event.reason }));
      return updateServers(next, b.serverIds, (srv) => ({
        ...srv,
        health: "CANCELLED",
        error: event.reason,
      }));
    }
    case "WaveTimedOut": {
      const w = s.waves.find((x) => x.waveNumber === event.waveNumber);
      if (!w) return s;
      let next = s;
      for (const id of w.batchIds) {
        const b = next.batches[id];
        if (b && (b.status === "PLANNED" || isBatchInFlight(b)))
          next = failBatch(next, id, event.reason, event.at);
      }
      return updateServers(next, w.serverIds, (srv) =>
        isServerSettled(srv) ? srv : { ...srv, health: "FAILED", error: event.reason },
      );
    }
    case "JobNotFound":
      return updateBatch(s, event.batchId, (b) => ({ ...b, jobMisses: event.misses }));
    case "JobStalled":
      return updateBatch(s, event.batchId, (b) => ({ ...b, stallReportedAt: event.at }));
    case "BatchJobLost": {
      const b = s.batches[event.batchId];
      if (!b) return s;
      const next = failBatch(s, event.batchId, event.reason, event.at);
      // Servers already launched keep their instances and health checks; the others never will.
      return updateServers(next, b.serverIds, (srv) =>
        isServerSettled(srv) || srv.health === "CHECKING"
          ? srv
          : { ...srv, health: "FAILED", launchStatus: "FAILED", error: event.reason },
      );
    }
    case "JobProgressed": {
      const done = event.jobStatus === "COMPLETED";
      let next = updateBatch(s, event.batchId, (b) => ({
        ...b,
        jobMisses: undefined,
        progressedAt: event.at,
        stallReportedAt: undefined,
        jobStatus: event.jobStatus,
        status: done ? "DONE" : b.status,
        endedAt: done ? event.at : b.endedAt,
      }));
      const servers = { ...next.servers };
      for (const o of event.servers) {
        const srv = servers[o.serverId];
        if (!srv || srv.batchId !== event.batchId) continue;
        const updated: ServerState = {
          ...srv,
          launchStatus: o.launchStatus,
          recoveryInstanceId: o.recoveryInstanceId ?? srv.recoveryInstanceId,
        };
        if (!isServerSettled(srv)) {
          if (o.launchStatus === "LAUNCHED" && srv.health === "PENDING") {
            updated.health = "CHECKING";
            updated.launchedAt = event.at;
          } else if (o.launchStatus === "FAILED" || o.launchStatus === "TERMINATED") {
            updated.health = "FAILED";
            updated.error = `DRS launch ${o.launchStatus.toLowerCase()}${o.failureReason ? `: ${o.failureReason}` : ""}`;
          } else if (done && o.launchStatus !== "LAUNCHED") {
            updated.health = "FAILED";
            updated.error = `DRS job completed with launch status ${o.launchStatus}`;
          }
        }
        servers[o.serverId] = updated;
      }
      next = { ...next, servers };
      return next;
    }
    case "ServerHealthChanged":
      return updateServers(s, [event.serverId], (srv) => ({
        ...srv,
        health: event.health,
        ec2InstanceId: event.ec2InstanceId ?? srv.ec2InstanceId,
        ec2State: event.ec2State ?? srv.ec2State,
        error: event.health === "FAILED" ? event.reason : srv.error,
      }));
    case "WaveFinished":
      return updateWave(s, event.waveNumber, (w) => ({ ...w, status: event.status, endTime: event.at }));
    case "CancelRequested":
      return {
        ...s,
        status: "CANCELLING",
        cancellation: { requestedAt: event.at, requestedBy: event.actor },
      };
    case "CancelPollFailed":
      return { ...s, cancellation: { ...s.cancellation, pollFailures: event.failures } };
    case "ExecutionForceCancelled": {
      // Nothing is waited for any more: jobs in flight are abandoned, unsettled servers cancelled.
      const batches = { ...s.batches };
      for (const b of Object.values(batches))
        if (b.status === "PLANNED" || isBatchInFlight(b))
          batches[b.batchId] = { ...b, status: "DROPPED", error: event.reason, endedAt: event.at };
      const unsettled = Object.values(s.servers)
        .filter((x) => !isServerSettled(x))
        .map((x) => x.serverId);
      return {
        ...updateServers({ ...s, batches }, unsettled, (srv) => ({
          ...srv,
          health: "CANCELLED",
          error: event.reason,
        })),
        status: "CANCELLED",
        endTime: event.at,
        waves: s.waves.map((w) =>
          isTerminalWaveStatus(w.status) ? w : { ...w, status: "CANCELLED", endTime: event.at },
        ),
        cancellation: {
          ...s.cancellation,
          forcedAt: event.at,
          forcedBy: event.actor,
          reason: event.reason,
        },
      };
    }
    case "ExecutionFinished": {
      const finished = { ...s, status: event.status, endTime: event.at };
      if (event.status !== "CANCELLED") return finished;
      // Cancel lets running jobs finish but does not wait for instances to boot.
      const checking = Object.values(s.servers)
        .filter((x) => x.health === "CHECKING")
        .map((x) => x.serverId);
      return updateServers(finished, checking, (srv) => ({
        ...srv,
        health: "CANCELLED",
        error: "health check abandoned: execution cancelled",
      }));
    }
    case "RetryStarted": {
      const batches = { ...s.batches };
      const servers = { ...s.servers };
      const retried = new Map<number, string[]>();
      for (const b of event.batches) {
        batches[b.batchId] = { ...b, status: "PLANNED", failures: 0 };
        retried.set(b.waveNumber, [...(retried.get(b.waveNumber) ?? []), b.batchId]);
        for (const id of b.serverIds) {
          const srv = servers[id];
          if (!srv) continue;
          servers[id] = {
            serverId: srv.serverId,
            hostname: srv.hostname,
            accountId: srv.accountId,
            region: srv.region,
            waveNumber: srv.waveNumber,
            batchId: b.batchId,
            launchStatus: "NOT_STARTED",
            health: "PENDING",
            attempt: event.attempt,
            ...(srv.replicationState ? { replicationState: srv.replicationState } : {}),
            // A retry recovers from the same snapshot as the first attempt.
            ...(srv.recoverySnapshotId
              ? { recoverySnapshotId: srv.recoverySnapshotId, recoverySnapshotTime: srv.recoverySnapshotTime }
              : {}),
            ...(srv.recoveryInstanceId || srv.earlierRecoveryInstanceIds
              ? {
                  earlierRecoveryInstanceIds: [
                    ...(srv.earlierRecoveryInstanceIds ?? []),
                    ...(srv.recoveryInstanceId ? [srv.recoveryInstanceId] : []),
                  ],
                }
              : {}),
          };
        }
      }
      return {
        ...s,
        status: "RUNNING",
        endTime: undefined,
        attempt: event.attempt,
        pausedByUser: false,
        batches,
        servers,
        // Waves with retried servers relaunch them; waves skipped by a STOP get their turn now.
        waves: s.waves.map((w) => {
          const ids = retried.get(w.waveNumber);
          if (ids) return { ...w, status: "PENDING", batchIds: [...w.batchIds, ...ids], endTime: undefined };
          if (w.status === "SKIPPED") return { ...w, status: "PENDING", endTime: undefined };
          return w;
        }),
      };
    }
    case "TerminationRequested":
      return { ...s, termination: { requested: true, targets: terminationTargets(s) } };
    case "TerminationJobStarted":
      return {
        ...s,
        termination: {
          ...s.termination,
          targets: s.termination.targets.map((t) =>
            t.accountId === event.accountId && t.region === event.region
              ? { ...t, jobId: event.jobId, error: undefined }
              : t,
          ),
        },
      };
    case "TerminationFailed":
      return {
        ...s,
        termination: {
          ...s.termination,
          targets: s.termination.targets.map((t) =>
            t.accountId === event.accountId && t.region === event.region ? { ...t, error: event.reason } : t,
          ),
        },
      };
    case "InstancesTerminated": {
      // Their instances are gone: the servers no longer show the state seen while they ran.
      const launched = Object.values(s.servers)
        .filter((x) => x.recoveryInstanceId || x.earlierRecoveryInstanceIds?.length)
        .map((x) => x.serverId);
      return {
        ...updateServers(s, launched, (srv) => ({
          ...srv,
          launchStatus: srv.recoveryInstanceId ? "TERMINATED" : srv.launchStatus,
          ...(srv.ec2InstanceId ? { ec2State: "terminated" } : {}),
          terminatedAt: event.at,
        })),
        instancesTerminated: true,
        terminatedAt: event.at,
      };
    }
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}
