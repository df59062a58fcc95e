import { hashHex } from "./seeded-random";
import type { SourceServerRecord } from "./world-records";

export interface RecoverySnapshot {
  snapshotID: string;
  sourceServerID: string;
  expectedTimestamp: number;
  timestamp: number;
  ebsSnapshots: string[];
}

const MINUTE = 60_000;
const NEVER_SYNCED = new Set(["INITIATING", "INITIAL_SYNC"]);

/**
 * The point-in-time snapshots DRS keeps for a server (its retention pattern: every 10 minutes for
 * the last hour, hourly for a day, daily for a week), oldest first. Derived from the time of the
 * latest snapshot, so nothing is stored and ids are stable.
 */
export function recoverySnapshots(server: SourceServerRecord, now: number): RecoverySnapshot[] {
  // Before the initial sync has finished DRS holds no consistent copy to snapshot.
  if (NEVER_SYNCED.has(server.replicationState)) return [];
  const latest = server.frozenSnapshotAt ?? Math.floor(now / (10 * MINUTE)) * 10 * MINUTE;
  const times = new Set<number>();
  for (let i = 0; i < 6; i++) times.add(latest - i * 10 * MINUTE);
  const hour = Math.floor(latest / (60 * MINUTE)) * 60 * MINUTE;
  for (let i = 1; i <= 23; i++) times.add(hour - i * 60 * MINUTE);
  const day = Math.floor(latest / (1440 * MINUTE)) * 1440 * MINUTE;
  for (let i = 1; i <= 7; i++) times.add(day - i * 1440 * MINUTE);
  return [...times]
    .filter((t) => t >= server.addedAt)
    .sort((a, b) => a - b)
    .map((t) => ({
      snapshotID: `pit-${hashHex(`${server.sourceServerID}/${t}`)}`,
      sourceServerID: server.sourceServerID,
      expectedTimestamp: t,
      timestamp: t + 40_000,
      ebsSnapshots: [`snap-${hashHex(`ebs/${server.sourceServerID}/${t}`)}`],
    }));
}
