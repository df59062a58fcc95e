/**
 * Recovery point of an execution: by default DRS recovers each server from a fresh snapshot
 * (latest data); an operator may instead pick a point in time, and then every server is
 * recovered from its newest DRS point-in-time snapshot taken at or before that time.
 */

/** One DRS point-in-time recovery snapshot of a source server (DescribeRecoverySnapshots). */
export interface RecoverySnapshotRecord {
  snapshotId: string;
  serverId: string;
  /** ISO time the snapshot's data was captured. */
  takenAt: string;
}

/** The snapshot a server of the execution is recovered from (recorded at execution start). */
export interface ChosenRecoverySnapshot {
  recoverySnapshotId: string;
  recoverySnapshotTime: string;
}

/**
 * The newest snapshot taken at or before `pointInTime`, or undefined when every snapshot is
 * younger (the server then cannot be recovered to that point). Ties on time keep the
 * lexicographically first id so the choice never depends on the order DRS listed them in.
 */
export function selectRecoverySnapshot(
  snapshots: readonly RecoverySnapshotRecord[],
  pointInTime: Date,
): RecoverySnapshotRecord | undefined {
  const limit = pointInTime.getTime();
  let best: { snapshot: RecoverySnapshotRecord; at: number } | undefined;
  for (const snapshot of snapshots) {
    const at = Date.parse(snapshot.takenAt);
    if (Number.isNaN(at) || at > limit) continue;
    if (
      !best ||
      at > best.at ||
      (at === best.at && snapshot.snapshotId.localeCompare(best.snapshot.snapshotId) < 0)
    ) {
      best = { snapshot, at };
    }
  }
  return best?.snapshot;
}

/**
 * How old a server's recovered data is: the time from its recovery snapshot to the start of the
 * execution (the RPO achieved). Undefined when DRS takes a fresh snapshot at launch.
 */
export function dataAgeSeconds(
  recoverySnapshotTime: string | undefined,
  startTime: string,
): number | undefined {
  if (!recoverySnapshotTime) return undefined;
  const age = Date.parse(startTime) - Date.parse(recoverySnapshotTime);
  return Number.isNaN(age) ? undefined : Math.max(0, Math.round(age / 1000));
}
