import { isTerminalExecutionStatus } from "./execution";
import type { DecisionPart, OutsideUsage } from "./execution-commands";
import { type ExecutionState, isWaveStarted } from "./execution-state";

/**
 * DRS quota scheduling per account-region: a planned batch launches only when this execution's
 * own jobs, servers and instances plus what others use there (`OutsideUsage`) stay within the
 * quotas of the execution's settings.
 */

const key = (accountId: string, region: string) => `${accountId}/${region}`;
const ms = (iso: string | undefined) => (iso ? Date.parse(iso) : 0);

interface Usage {
  jobs: number;
  servers: number;
  instances: number;
  /** Instances of finished jobs: they stay until terminated, so headroom below them never returns. */
  permanentInstances: number;
}

/** This execution's own DRS usage per account-region. */
function ownUsage(s: ExecutionState): Map<string, Usage> {
  const out = new Map<string, Usage>();
  const get = (k: string) => {
    let u = out.get(k);
    if (!u) {
      u = { jobs: 0, servers: 0, instances: 0, permanentInstances: 0 };
      out.set(k, u);
    }
    return u;
  };
  for (const b of Object.values(s.batches)) {
    const u = get(key(b.accountId, b.region));
    if (b.status === "LAUNCHING" || b.status === "ACTIVE") {
      u.jobs += 1;
      u.servers += b.serverIds.length;
      if (!s.instancesTerminated) u.instances += b.serverIds.length;
    } else if (b.status === "DONE" && !s.instancesTerminated) {
      const launched = b.serverIds.filter((id) => {
        const srv = s.servers[id];
        return srv?.batchId === b.batchId && srv.recoveryInstanceId !== undefined;
      }).length;
      u.instances += launched;
      u.permanentInstances += launched;
    }
  }
  return out;
}

/** Launch intents for planned batches of started waves, as far as quota headroom allows. */
export function launchBatches(
  s: ExecutionState,
  usage: ReadonlyMap<string, OutsideUsage>,
  at: string,
  t: number,
): DecisionPart {
  const part: DecisionPart = { events: [], commands: [] };
  const { events, commands } = part;
  if (s.status === "CANCELLING" || isTerminalExecutionStatus(s.status)) return part;
  const q = s.settings.quotas;
  const own = ownUsage(s);
  for (const w of s.waves) {
    if (!isWaveStarted(w)) continue;
    for (const id of w.batchIds) {
      const b = s.batches[id];
      if (b?.status !== "PLANNED" || ms(b.retryAt) > t) continue;
      const k = key(b.accountId, b.region);
      const n = b.serverIds.length;
      const mine = own.get(k) ?? { jobs: 0, servers: 0, instances: 0, permanentInstances: 0 };
      if (mine.permanentInstances + n > q.maxRecoveryInstances) {
        events.push({
          type: "BatchLaunchFailed",
          at,
          batchId: b.batchId,
          reason: `not enough recovery-instance quota in ${k}: ${mine.permanentInstances} of ${q.maxRecoveryInstances} used by this execution`,
        });
        continue;
      }
      // Without a fresh view of what others use in this account-region, launching could exceed a quota.
      const other = usage.get(k);
      if (!other) continue;
      const fits =
        mine.jobs + other.activeJobs + 1 <= q.maxConcurrentJobs &&
        mine.servers + other.serversInActiveJobs + n <= q.maxServersInActiveJobs &&
        mine.instances + other.recoveryInstances + n <= q.maxRecoveryInstances;
      if (!fits) continue;
      events.push({ type: "BatchLaunchRequested", at, batchId: b.batchId });
      commands.push({
        type: "StartRecovery",
        batch: {
          executionId: s.executionId,
          batchId: b.batchId,
          accountId: b.accountId,
          region: b.region,
          isDrill: s.executionType === "DRILL",
          servers: b.serverIds.map((serverId) => {
            const recoverySnapshotId = s.servers[serverId]?.recoverySnapshotId;
            return recoverySnapshotId ? { serverId, recoverySnapshotId } : { serverId };
          }),
        },
      });
      own.set(k, { ...mine, jobs: mine.jobs + 1, servers: mine.servers + n, instances: mine.instances + n });
    }
  }
  return part;
}
