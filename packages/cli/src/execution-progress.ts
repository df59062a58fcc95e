import {
  ACTIVE_EXECUTION_STATUSES,
  type Execution,
  type ExecutionServer,
  type ExecutionStatus,
  type ExecutionWave,
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
  Partial<Omit<Execution, "waveStatus">> & { waveStatus?: ExecutionWaveView[] };

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
  /** 0..1: servers that reached an outcome, or finished waves when servers are not known yet. */
  fraction: number;
  elapsedMs: number;
  rtoTargetMinutes?: number;
}

export function rtoTargetOf(e: ExecutionView): number | undefined {
  const rto = (e.planSnapshot as { rtoTargetMinutes?: unknown } | null | undefined)?.rtoTargetMinutes;
  return typeof rto === "number" ? rto : undefined;
}

export function progressOf(e: ExecutionView, now: Date): ExecutionProgress {
  const waves = e.waveStatus ?? [];
  const servers = waves.flatMap((w) => w.servers ?? []);
  const healthy = servers.filter((s) => s.health === "HEALTHY").length;
  const failed = servers.filter((s) => s.health === "FAILED" || s.launchStatus === "FAILED").length;
  const settled = servers.filter((s) => ["HEALTHY", "FAILED", "CANCELLED"].includes(s.health ?? "")).length;
  const wavesDone = waves.filter((w) =>
    ["COMPLETED", "PARTIAL", "FAILED", "SKIPPED", "CANCELLED"].includes(w.status),
  ).length;
  const totalWaves = e.totalWaves ?? waves.length;
  const start = e.startTime ? Date.parse(e.startTime) : now.getTime();
  const end = e.endTime ? Date.parse(e.endTime) : now.getTime();
  const rto = rtoTargetOf(e);
  return {
    launched: servers.filter(isLaunched).length,
    healthy,
    failed,
    total: servers.length,
    wavesDone,
    totalWaves,
    fraction: isTerminal(e.status)
      ? 1
      : servers.length > 0
        ? settled / servers.length
        : totalWaves > 0
          ? wavesDone / totalWaves
          : 0,
    elapsedMs: Math.max(0, end - start),
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

/** `elapsed 1:23 / RTO 60:00` — how the drill compares to the plan's recovery time objective. */
export function elapsedVsRto(p: ExecutionProgress): string {
  const elapsed = `elapsed ${formatDuration(p.elapsedMs)}`;
  if (p.rtoTargetMinutes === undefined) return elapsed;
  const rtoMs = p.rtoTargetMinutes * 60_000;
  return `${elapsed} / RTO ${formatDuration(rtoMs)}${p.elapsedMs > rtoMs ? " (exceeded)" : ""}`;
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
