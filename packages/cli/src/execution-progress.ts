import {
  ACTIVE_EXECUTION_STATUSES,
  type Execution,
  type ExecutionServer,
  type ExecutionStatus,
  type ExecutionWave,
  executionProgress,
  type RecoveryPlan,
  TERMINAL_EXECUTION_STATUSES,
} from "@drso/core";
import { EXIT } from "./cli-error";

/**
 * An execution as `GET /api/executions/{id}` returns it (core's `Execution`), read defensively:
 * only the id and status are relied on, so a CLI talking to an older or newer server still works.
 */
export type ExecutionServerView = Pick<ExecutionServer, "serverId"> & Partial<ExecutionServer>;
export type ExecutionWaveView = Pick<ExecutionWave, "waveNumber" | "status"> &
  Partial<Omit<ExecutionWave, "servers">> & { servers?: ExecutionServerView[] };
export type ExecutionView = Pick<Execution, "executionId" | "status"> &
  Partial<Omit<Execution, "waveStatus" | "planSnapshot">> & {
    waveStatus?: ExecutionWaveView[];
    planSnapshot?: Partial<RecoveryPlan>;
  };

export const isTerminal = (status: string): boolean =>
  TERMINAL_EXECUTION_STATUSES.includes(status as ExecutionStatus);
export const isActive = (status: string): boolean =>
  ACTIVE_EXECUTION_STATUSES.includes(status as ExecutionStatus);

/** A pipeline's verdict: 0 COMPLETED, 2 PARTIAL, 1 FAILED or CANCELLED. */
export function exitCodeForStatus(status: string): number {
  if (status === "COMPLETED") return EXIT.ok;
  if (status === "PARTIAL") return EXIT.partial;
  return EXIT.failed;
}

const isLaunched = (s: ExecutionServerView) => s.launchStatus === "LAUNCHED" || s.health === "HEALTHY";

export interface ExecutionProgress {
  launched: number;
  healthy: number;
  failed: number;
  total: number;
  wavesDone: number;
  totalWaves: number;
  /** 0..1, core's `executionProgress` (the same figure the API and the UI show). */
  fraction: number;
  elapsedMs: number;
  /** The execution has ended (COMPLETED, PARTIAL, FAILED or CANCELLED). */
  ended: boolean;
  rtoTargetMinutes?: number;
}

export function progressOf(e: ExecutionView, now: Date): ExecutionProgress {
  const waves = e.waveStatus ?? [];
  const servers = waves.flatMap((w) => w.servers ?? []);
  const shared = executionProgress(e);
  const start = e.startTime ? Date.parse(e.startTime) : now.getTime();
  const end = e.endTime ? Date.parse(e.endTime) : now.getTime();
  const rto = e.planSnapshot?.rtoTargetMinutes;
  return {
    launched: servers.filter(isLaunched).length,
    healthy: shared.healthyServers,
    failed: shared.failedServers,
    total: shared.totalServers,
    wavesDone: shared.finishedWaves,
    totalWaves: shared.totalWaves,
    fraction: shared.percent / 100,
    elapsedMs: Math.max(0, end - start),
    ended: isTerminal(e.status),
    ...(rto !== undefined ? { rtoTargetMinutes: rto } : {}),
  };
}

export function formatDuration(ms: number): string {
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

export function progressBar(fraction: number, width = 24): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}%`;
}

/**
 * How the run compares to the plan's recovery time objective. Running: `elapsed 1:23 (RTO target
 * 60:00)`; ended: `RTO 0:42 (target 30:00, met)` — the achieved recovery time is the RTO, the plan's
 * figure only its target. `recoveryMs` (start to last healthy server) replaces the elapsed time when known.
 */
export function elapsedVsRto(p: ExecutionProgress, recoveryMs?: number): string {
  const target = p.rtoTargetMinutes !== undefined ? p.rtoTargetMinutes * 60_000 : undefined;
  if (!p.ended) {
    const elapsed = `elapsed ${formatDuration(p.elapsedMs)}`;
    if (target === undefined) return elapsed;
    return `${elapsed} (RTO target ${formatDuration(target)}${p.elapsedMs > target ? ", exceeded" : ""})`;
  }
  const achieved = recoveryMs ?? p.elapsedMs;
  if (target === undefined) return `RTO ${formatDuration(achieved)} (no target)`;
  const met = achieved <= target && p.failed === 0 && p.healthy === p.total;
  return `RTO ${formatDuration(achieved)} (target ${formatDuration(target)}, ${met ? "met" : "missed"})`;
}

export function progressLine(p: ExecutionProgress): string {
  return `${progressBar(p.fraction)}  ${p.launched}/${p.total} servers launched · waves ${p.wavesDone}/${p.totalWaves} · ${elapsedVsRto(p)}`;
}

export function waveLine(w: ExecutionWaveView): string {
  const servers = w.servers ?? [];
  const launched = servers.filter(isLaunched).length;
  const name = w.waveName ? ` "${w.waveName}"` : "";
  return `wave ${w.waveNumber}${name}: ${w.status} (${launched}/${servers.length} launched)`;
}
