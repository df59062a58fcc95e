import type { Execution } from "../../api/execution-types";

/** The figures the report shows, taken from the API report when present, else from the execution. */
export interface ReportFigures {
  rtoTargetMinutes?: number;
  actualMinutes?: number;
  metTarget?: boolean;
  totalServers: number;
  recoveredServers: number;
  failedServers: number;
}

const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

export function reportFigures(execution: Execution, api: Record<string, unknown> | undefined): ReportFigures {
  const servers = (execution.waveStatus ?? []).flatMap((w) => w.servers ?? []);
  const rto = (api?.rto ?? {}) as Record<string, unknown>;
  const target =
    num(api?.rtoTargetMinutes) ?? num(rto.targetMinutes) ?? execution.planSnapshot?.rtoTargetMinutes;
  const measured =
    num(api?.recoveryTimeMinutes) ??
    num(api?.actualRtoMinutes) ??
    num(api?.rtoActualMinutes) ??
    num(rto.actualMinutes) ??
    (execution.startTime && execution.endTime
      ? (Date.parse(execution.endTime) - Date.parse(execution.startTime)) / 60_000
      : undefined);
  const failed = servers.filter((s) => s.error || /FAIL/i.test(s.launchStatus ?? "")).length;
  const recovered = servers.filter((s) => !s.error && /LAUNCHED/i.test(s.launchStatus ?? "")).length;
  return {
    rtoTargetMinutes: target,
    actualMinutes: measured,
    metTarget:
      typeof api?.rtoMet === "boolean"
        ? api.rtoMet
        : target !== undefined && measured !== undefined
          ? measured <= target
          : undefined,
    totalServers: num(api?.servers) ?? servers.length,
    recoveredServers: num(api?.recovered) ?? recovered,
    failedServers: num(api?.failed) ?? failed,
  };
}
