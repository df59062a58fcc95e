import type { ExecutionReport } from "@drso/core";
import type { Execution } from "../../api/execution-types";

/** The figures the report shows: the API's report (core's `ExecutionReport`), else the execution's own. */
export interface ReportFigures {
  rtoTargetMinutes?: number;
  actualMinutes?: number;
  metTarget?: boolean;
  totalServers: number;
  recoveredServers: number;
  failedServers: number;
}

export function reportFigures(execution: Execution, report: ExecutionReport | undefined): ReportFigures {
  const servers = execution.waveStatus.flatMap((w) => w.servers);
  const target = report?.rtoTargetMinutes ?? execution.planSnapshot?.rtoTargetMinutes;
  const measured =
    report?.recoveryTimeMinutes ??
    (execution.startTime && execution.endTime
      ? (Date.parse(execution.endTime) - Date.parse(execution.startTime)) / 60_000
      : undefined);
  return {
    rtoTargetMinutes: target,
    actualMinutes: measured,
    metTarget:
      report?.rtoMet ?? (target !== undefined && measured !== undefined ? measured <= target : undefined),
    totalServers: report?.servers ?? servers.length,
    recoveredServers:
      report?.recovered ?? servers.filter((s) => !s.error && s.launchStatus === "LAUNCHED").length,
    failedServers: report?.failed ?? servers.filter((s) => s.error || s.launchStatus === "FAILED").length,
  };
}
