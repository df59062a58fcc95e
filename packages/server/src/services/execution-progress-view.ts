import {
  type ExecutionServer,
  type ExecutionState,
  type ExecutionWave,
  executionProgress,
  executionView,
  isTerminalExecutionStatus,
  ServerHealth,
} from "@drso/core";

/**
 * The compact views of `GET /executions/{id}/status` and `/waves` (the legacy operations get_execution_status,
 * get_execution_waves), derived from `executionView` so that they never disagree with the detail.
 */

/** Waves an operator watches right now: launching, checking health, or waiting for approval. */
const LIVE_WAVE_STATUSES = new Set(["LAUNCHING", "HEALTH_CHECK", "WAITING_APPROVAL"]);

export interface ServerCounts {
  total: number;
  byHealth: Record<ServerHealth, number>;
  byLaunchStatus: Record<string, number>;
}

export function serverCounts(servers: readonly ExecutionServer[]): ServerCounts {
  const byHealth = Object.fromEntries(ServerHealth.options.map((h) => [h, 0])) as Record<
    ServerHealth,
    number
  >;
  const byLaunchStatus: Record<string, number> = {};
  for (const s of servers) {
    byHealth[s.health] += 1;
    byLaunchStatus[s.launchStatus] = (byLaunchStatus[s.launchStatus] ?? 0) + 1;
  }
  return { total: servers.length, byHealth, byLaunchStatus };
}

const seconds = (start?: string, end?: string): number | undefined =>
  start && end ? Math.max(0, Math.round((Date.parse(end) - Date.parse(start)) / 1000)) : undefined;

/** A user pause waits for resume; an approval pause waits for resume before that wave. */
function pauseReason(
  state: ExecutionState,
  paused: boolean,
  awaitingApproval: boolean,
): "USER" | "WAVE_APPROVAL" | null {
  if (!paused) return null;
  return !state.pausedByUser && awaitingApproval ? "WAVE_APPROVAL" : "USER";
}

export function executionStatusView(state: ExecutionState, now: Date) {
  const view = executionView(state);
  const servers = view.waveStatus.flatMap((w) => w.servers);
  const counts = serverCounts(servers);
  const approvalWave = view.waveStatus.find((w) => w.status === "WAITING_APPROVAL");
  const paused = view.status === "PAUSED";
  const progress = executionProgress(view);
  return {
    executionId: view.executionId,
    planId: view.planId,
    planName: view.planName,
    executionType: view.executionType,
    status: view.status,
    isTerminal: isTerminalExecutionStatus(view.status),
    currentWave: view.currentWave,
    totalWaves: view.totalWaves,
    completedWaves: progress.finishedWaves,
    activeWaves: view.waveStatus
      .filter((w) => LIVE_WAVE_STATUSES.has(w.status))
      .map((w) => ({ waveNumber: w.waveNumber, waveName: w.waveName, status: w.status })),
    pause: {
      paused,
      reason: pauseReason(state, paused, approvalWave !== undefined),
      ...(approvalWave ? { waitingApprovalWave: approvalWave.waveNumber } : {}),
    },
    servers: counts,
    // Core's one definition, the figure the UI and the CLI show too.
    progressPercent: progress.percent,
    progress,
    startTime: view.startTime,
    ...(view.endTime ? { endTime: view.endTime } : {}),
    durationSeconds: seconds(view.startTime, view.endTime ?? now.toISOString()) ?? 0,
    instancesTerminated: view.instancesTerminated,
    attempt: view.attempt,
  };
}

function waveRow(w: ExecutionWave, now: Date) {
  const counts = serverCounts(w.servers);
  const duration = seconds(w.startTime, w.endTime ?? (w.startTime ? now.toISOString() : undefined));
  return {
    waveNumber: w.waveNumber,
    waveName: w.waveName,
    status: w.status,
    dependsOnWaves: w.dependsOnWaves,
    ...(w.startTime ? { startTime: w.startTime } : {}),
    ...(w.endTime ? { endTime: w.endTime } : {}),
    ...(duration !== undefined ? { durationSeconds: duration } : {}),
    jobIds: w.jobIds,
    serverCount: counts.total,
    servers: counts,
    failedServers: w.servers
      .filter((s) => s.health === "FAILED")
      .map((s) => ({ serverId: s.serverId, hostname: s.hostname, ...(s.error ? { error: s.error } : {}) })),
  };
}

export function executionWavesView(state: ExecutionState, now: Date) {
  const view = executionView(state);
  return {
    executionId: view.executionId,
    status: view.status,
    currentWave: view.currentWave,
    totalWaves: view.totalWaves,
    waves: view.waveStatus.map((w) => waveRow(w, now)),
  };
}
