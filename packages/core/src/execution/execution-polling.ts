import { isTerminalExecutionStatus, isTerminalWaveStatus } from "./execution";
import type { ExecutionCommand } from "./execution-commands";
import { type ExecutionState, isBatchInFlight, isWaveStarted, waveByNumber } from "./execution-state";

/** What to ask DRS and EC2 on a tick, and when the next tick should be. */

const key = (accountId: string, region: string) => `${accountId}/${region}`;
const ms = (iso: string | undefined) => (iso ? Date.parse(iso) : 0);
const iso = (t: number) => new Date(t).toISOString();

/** Polls for everything in flight: one DescribeJobs and one health check per account-region. */
export function pollCommands(s: ExecutionState): ExecutionCommand[] {
  const jobs = new Map<string, { accountId: string; region: string; jobIds: string[] }>();
  for (const b of Object.values(s.batches)) {
    if (b.status !== "ACTIVE" || !b.jobId) continue;
    const k = key(b.accountId, b.region);
    const entry = jobs.get(k) ?? { accountId: b.accountId, region: b.region, jobIds: [] };
    entry.jobIds.push(b.jobId);
    jobs.set(k, entry);
  }
  const health = new Map<
    string,
    {
      accountId: string;
      region: string;
      servers: { serverId: string; recoveryInstanceId?: string; ec2InstanceId?: string }[];
    }
  >();
  for (const x of Object.values(s.servers)) {
    if (x.health !== "CHECKING") continue;
    const k = key(x.accountId, x.region);
    const entry = health.get(k) ?? { accountId: x.accountId, region: x.region, servers: [] };
    entry.servers.push({
      serverId: x.serverId,
      ...(x.recoveryInstanceId ? { recoveryInstanceId: x.recoveryInstanceId } : {}),
      ...(x.ec2InstanceId ? { ec2InstanceId: x.ec2InstanceId } : {}),
    });
    health.set(k, entry);
  }
  return [
    ...[...jobs.values()].map((j) => ({ type: "DescribeJobs" as const, ...j })),
    ...[...health.values()].map((h) => ({ type: "CheckInstanceHealth" as const, ...h })),
  ];
}

/**
 * When to tick next: at a known deadline (retry time, wait time, health timeout), or, while DRS is
 * working for us, soon after the last change and backing off while nothing changes.
 */
export function nextWake(s: ExecutionState, t: number): string | undefined {
  const { pollMinMs, pollMaxMs, healthCheckTimeoutSeconds } = s.settings;
  const poll = t + Math.min(pollMaxMs, Math.max(pollMinMs, Math.round((t - ms(s.lastChangeAt)) / 2)));
  const candidates: number[] = [];
  const terminal = isTerminalExecutionStatus(s.status);
  for (const b of Object.values(s.batches)) {
    if (isBatchInFlight(b)) candidates.push(poll);
    else if (b.status === "PLANNED" && !terminal && s.status !== "CANCELLING") {
      const w = waveByNumber(s, b.waveNumber);
      if (w && isWaveStarted(w)) candidates.push(Math.max(ms(b.retryAt), poll));
    }
  }
  for (const x of Object.values(s.servers)) {
    if (x.health === "CHECKING")
      candidates.push(Math.min(poll, ms(x.launchedAt) + healthCheckTimeoutSeconds * 1000));
  }
  if (!terminal && s.status === "RUNNING") {
    for (const w of s.waves) {
      if (w.status !== "PENDING") continue;
      const deps = w.dependsOnWaves.map((n) => waveByNumber(s, n));
      if (!deps.every((d) => d && isTerminalWaveStatus(d.status))) continue;
      candidates.push(Math.max(t, ...deps.map((d) => ms(d?.endTime) + (d?.waitTimeSeconds ?? 0) * 1000)));
    }
  }
  if (!terminal)
    for (const w of s.waves)
      if (isWaveStarted(w) && w.startTime) candidates.push(ms(w.startTime) + w.maxWaveMinutes * 60_000);
  if (s.termination.requested && !s.instancesTerminated) candidates.push(poll);
  if (candidates.length === 0) return undefined;
  return iso(Math.max(t, Math.min(...candidates)));
}
