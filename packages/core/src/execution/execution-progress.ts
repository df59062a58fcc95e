/**
 * The one definition of an execution's progress, shared by the API, the UI and the CLI so that
 * none of them disagree. It counts servers, not waves: a server has ended when it is HEALTHY or
 * FAILED. Only a COMPLETED run reaches 100 %; a cancelled, failed or partial run stops below it.
 */

/** The parts of an execution (`GET /executions/{id}`) progress is computed from. */
export interface ProgressInput {
  status: string;
  totalWaves?: number;
  waveStatus?: readonly { status: string; servers?: readonly { health?: string }[] }[];
}

export interface ExecutionProgress {
  /** 0..100, whole numbers. */
  percent: number;
  /** Servers whose recovery ended: HEALTHY or FAILED. */
  endedServers: number;
  healthyServers: number;
  failedServers: number;
  totalServers: number;
  /** Waves that ran to an end (COMPLETED, PARTIAL or FAILED); skipped and cancelled ones did not. */
  finishedWaves: number;
  totalWaves: number;
  /** "40 % · 2 of 5 servers · 1 of 3 waves finished" */
  label: string;
}

const RAN_TO_END = new Set(["COMPLETED", "PARTIAL", "FAILED"]);

export function executionProgress(e: ProgressInput): ExecutionProgress {
  const waves = e.waveStatus ?? [];
  const servers = waves.flatMap((w) => w.servers ?? []);
  const healthyServers = servers.filter((s) => s.health === "HEALTHY").length;
  const failedServers = servers.filter((s) => s.health === "FAILED").length;
  const endedServers = healthyServers + failedServers;
  const totalServers = servers.length;
  const finishedWaves = waves.filter((w) => RAN_TO_END.has(w.status)).length;
  const totalWaves = e.totalWaves ?? waves.length;
  const share =
    totalServers > 0
      ? (endedServers * 100) / totalServers
      : totalWaves > 0
        ? (finishedWaves * 100) / totalWaves
        : 0;
  const percent = e.status === "COMPLETED" ? 100 : Math.min(99, Math.floor(share));
  return {
    percent,
    endedServers,
    healthyServers,
    failedServers,
    totalServers,
    finishedWaves,
    totalWaves,
    label: `${percent} % · ${endedServers} of ${totalServers} servers · ${finishedWaves} of ${totalWaves} waves finished`,
  };
}
