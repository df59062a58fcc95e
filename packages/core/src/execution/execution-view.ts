import type { Execution, ExecutionServer, ExecutionWave, WaveStatus } from "./execution";
import type { Cancellation, ExecutionState, ServerState, WaveState } from "./execution-state";
import { dataAgeSeconds } from "./recovery-point";

/** The execution record the API returns, derived from the engine state. */

const toServer = (x: ServerState, startTime: string): ExecutionServer => {
  const { waveNumber: _w, batchId: _b, launchedAt: _l, earlierRecoveryInstanceIds: _e, ...server } = x;
  const age = dataAgeSeconds(x.recoverySnapshotTime, startTime);
  return age === undefined ? server : { ...server, dataAgeSeconds: age };
};

/** A started wave is in HEALTH_CHECK once every server's launch has settled. */
function displayedStatus(s: ExecutionState, w: WaveState, servers: ServerState[]): WaveStatus {
  if (w.status !== "LAUNCHING") return w.status;
  const launching = w.batchIds.some((id) => {
    const b = s.batches[id];
    return b?.status === "PLANNED" || b?.status === "LAUNCHING";
  });
  if (launching) return "LAUNCHING";
  return servers.some((x) => x.health === "PENDING") ? "LAUNCHING" : "HEALTH_CHECK";
}

const cancellationView = ({ pollFailures: _p, ...shown }: Cancellation): Execution["cancellation"] => shown;

export function executionView(s: ExecutionState): Execution {
  const waveStatus: ExecutionWave[] = s.waves.map((w) => {
    const servers = w.serverIds.map((id) => s.servers[id]).filter((x): x is ServerState => x !== undefined);
    const jobIds = w.batchIds.map((id) => s.batches[id]?.jobId).filter((x): x is string => x !== undefined);
    return {
      waveNumber: w.waveNumber,
      waveName: w.waveName,
      status: displayedStatus(s, w, servers),
      dependsOnWaves: w.dependsOnWaves,
      ...(w.startTime ? { startTime: w.startTime } : {}),
      ...(w.endTime ? { endTime: w.endTime } : {}),
      jobIds,
      servers: servers.map((x) => toServer(x, s.startTime)),
    };
  });
  return {
    executionId: s.executionId,
    planId: s.planId,
    planName: s.planName,
    planSnapshot: s.planSnapshot,
    executionType: s.executionType,
    status: s.status,
    currentWave: s.currentWave,
    totalWaves: s.waves.length,
    startTime: s.startTime,
    ...(s.endTime ? { endTime: s.endTime } : {}),
    initiatedBy: s.initiatedBy,
    waveStatus: waveStatus.sort((a, b) => a.waveNumber - b.waveNumber),
    instancesTerminated: s.instancesTerminated,
    attempt: s.attempt,
    ...(s.pointInTime ? { pointInTime: s.pointInTime } : {}),
    ...(s.allowDegraded ? { allowDegraded: true } : {}),
    ...(s.excludedServers?.length ? { excludedServers: s.excludedServers } : {}),
    ...(s.terminatedAt ? { terminatedAt: s.terminatedAt } : {}),
    ...(s.cancellation ? { cancellation: cancellationView(s.cancellation) } : {}),
  };
}
