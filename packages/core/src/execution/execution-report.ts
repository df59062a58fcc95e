import type { ExcludedServer } from "./execution";
import type { ExecutionState, ServerState } from "./execution-state";
import { dataAgeSeconds } from "./recovery-point";

/**
 * The post-execution report: per wave and overall, how long it took against what was planned
 * (the plan's `rtoTargetMinutes` and each wave's wait), and which servers failed and why.
 */
export interface WaveReport {
  waveNumber: number;
  waveName: string;
  status: string;
  startTime?: string;
  endTime?: string;
  durationSeconds?: number;
  plannedWaitSeconds: number;
  servers: number;
  recovered: number;
  failed: number;
  failures: { serverId: string; hostname: string; accountId: string; region: string; error: string }[];
}

/** One recovered (or failed) server of the report. */
export interface ServerReport {
  waveNumber: number;
  serverId: string;
  hostname: string;
  accountId: string;
  region: string;
  recoveryInstanceId?: string;
  ec2InstanceId?: string;
  /** When DRS reported the recovery instance launched. */
  launchTime?: string;
  /** DRS replication state at start. */
  replicationState?: string;
  recoverySnapshotTime?: string;
  /** Time from the server's recovery snapshot to the start (RPO achieved); absent with fresh data. */
  dataAgeSeconds?: number;
  health: string;
  /** Why it failed, from DRS's job log when it said so. */
  error?: string;
  terminatedAt?: string;
}

export interface ExecutionReport {
  executionId: string;
  planId: string;
  planName: string;
  executionType: string;
  status: string;
  initiatedBy: string;
  startTime: string;
  endTime?: string;
  durationSeconds?: number;
  /** When the last server became healthy, measured from the start. */
  recoveryTimeMinutes?: number;
  rtoTargetMinutes?: number;
  /** Whether every server recovered within the plan's RTO target; undefined without a target. */
  rtoMet?: boolean;
  servers: number;
  recovered: number;
  failed: number;
  waves: WaveReport[];
  /** Point-in-time executions: the chosen time and the DRS snapshot each server was recovered from. */
  pointInTime?: string;
  recoverySnapshots?: {
    serverId: string;
    hostname: string;
    recoverySnapshotId: string;
    recoverySnapshotTime?: string;
  }[];
  /** Every server of the run, in wave order. */
  serverResults: ServerReport[];
  allowDegraded?: boolean;
  excludedServers?: ExcludedServer[];
}

function serverReport(x: ServerState, startTime: string): ServerReport {
  const age = dataAgeSeconds(x.recoverySnapshotTime, startTime);
  return {
    waveNumber: x.waveNumber,
    serverId: x.serverId,
    hostname: x.hostname,
    accountId: x.accountId,
    region: x.region,
    ...(x.recoveryInstanceId ? { recoveryInstanceId: x.recoveryInstanceId } : {}),
    ...(x.ec2InstanceId ? { ec2InstanceId: x.ec2InstanceId } : {}),
    ...(x.launchedAt ? { launchTime: x.launchedAt } : {}),
    ...(x.replicationState ? { replicationState: x.replicationState } : {}),
    ...(x.recoverySnapshotTime ? { recoverySnapshotTime: x.recoverySnapshotTime } : {}),
    ...(age !== undefined ? { dataAgeSeconds: age } : {}),
    health: x.health,
    ...(x.error ? { error: x.error } : {}),
    ...(x.terminatedAt ? { terminatedAt: x.terminatedAt } : {}),
  };
}

const seconds = (from?: string, to?: string) =>
  from && to ? Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000)) : undefined;

/** `healthyAt` per server comes from the events; pass the times the runner recorded. */
export function executionReport(
  s: ExecutionState,
  recoveredAt: ReadonlyMap<string, string>,
): ExecutionReport {
  const rtoTargetMinutes = s.planSnapshot?.rtoTargetMinutes;
  const waves: WaveReport[] = s.waves
    .map((w) => {
      const servers = w.serverIds.flatMap((id) => s.servers[id] ?? []);
      const failed = servers.filter((x) => x.health === "FAILED" || x.health === "CANCELLED");
      const durationSeconds = seconds(w.startTime, w.endTime);
      return {
        waveNumber: w.waveNumber,
        waveName: w.waveName,
        status: w.status,
        ...(w.startTime ? { startTime: w.startTime } : {}),
        ...(w.endTime ? { endTime: w.endTime } : {}),
        ...(durationSeconds !== undefined ? { durationSeconds } : {}),
        plannedWaitSeconds: w.waitTimeSeconds,
        servers: servers.length,
        recovered: servers.filter((x) => x.health === "HEALTHY").length,
        failed: failed.length,
        failures: failed.map((x) => ({
          serverId: x.serverId,
          hostname: x.hostname,
          accountId: x.accountId,
          region: x.region,
          error: x.error ?? x.health.toLowerCase(),
        })),
      };
    })
    .sort((a, b) => a.waveNumber - b.waveNumber);
  const all = Object.values(s.servers);
  const recovered = all.filter((x) => x.health === "HEALTHY");
  const lastRecovered = recovered
    .map((x) => recoveredAt.get(x.serverId))
    .filter((t): t is string => t !== undefined)
    .sort()
    .at(-1);
  const rtoSeconds = seconds(s.startTime, lastRecovered);
  const recoveryTimeMinutes =
    rtoSeconds !== undefined ? Math.round((rtoSeconds / 60) * 100) / 100 : undefined;
  const durationSeconds = seconds(s.startTime, s.endTime);
  return {
    executionId: s.executionId,
    planId: s.planId,
    planName: s.planName,
    executionType: s.executionType,
    status: s.status,
    initiatedBy: s.initiatedBy,
    startTime: s.startTime,
    ...(s.endTime ? { endTime: s.endTime } : {}),
    ...(durationSeconds !== undefined ? { durationSeconds } : {}),
    ...(recoveryTimeMinutes !== undefined ? { recoveryTimeMinutes } : {}),
    ...(rtoTargetMinutes !== undefined ? { rtoTargetMinutes } : {}),
    ...(rtoTargetMinutes !== undefined
      ? {
          rtoMet:
            recovered.length === all.length &&
            recoveryTimeMinutes !== undefined &&
            recoveryTimeMinutes <= rtoTargetMinutes,
        }
      : {}),
    servers: all.length,
    recovered: recovered.length,
    failed: all.length - recovered.length,
    waves,
    ...(s.pointInTime
      ? {
          pointInTime: s.pointInTime,
          recoverySnapshots: all.flatMap((x) =>
            x.recoverySnapshotId
              ? [
                  {
                    serverId: x.serverId,
                    hostname: x.hostname,
                    recoverySnapshotId: x.recoverySnapshotId,
                    ...(x.recoverySnapshotTime ? { recoverySnapshotTime: x.recoverySnapshotTime } : {}),
                  },
                ]
              : [],
          ),
        }
      : {}),
    serverResults: all
      .map((x) => serverReport(x, s.startTime))
      .sort((a, b) => a.waveNumber - b.waveNumber || a.hostname.localeCompare(b.hostname)),
    ...(s.allowDegraded ? { allowDegraded: true } : {}),
    ...(s.excludedServers?.length ? { excludedServers: s.excludedServers } : {}),
  };
}
