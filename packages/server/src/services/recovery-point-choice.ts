import {
  type ChosenRecoverySnapshot,
  type RecoveryLauncher,
  type SourceServer,
  selectRecoverySnapshot,
  ValidationError,
} from "@drso/core";

/** DescribeRecoverySnapshots calls in flight at once: enough to be quick, few enough not to throttle. */
const CONCURRENCY = 8;

/** A recovery point in the future has no snapshot yet: refused before anything else is looked at. */
export function assertRecoveryPointInPast(pointInTime: Date, now: Date): void {
  if (pointInTime.getTime() > now.getTime()) {
    throw new ValidationError(
      `Cannot start: the recovery point ${pointInTime.toISOString()} is in the future`,
      { field: "pointInTime", pointInTime: pointInTime.toISOString() },
      "POINT_IN_TIME_IN_FUTURE",
    );
  }
}

/**
 * Start check of a point-in-time execution, and of servers whose replication is not live (`purpose`
 * "newest", with `pointInTime` = now): every server needs a DRS snapshot taken at or before the
 * time. Answers server id → snapshot, or refuses (400, nothing launched) naming the servers that
 * have none.
 */
export async function chooseRecoverySnapshots(
  launcher: RecoveryLauncher | undefined,
  servers: readonly SourceServer[],
  pointInTime: Date,
  now: Date,
  purpose: "pointInTime" | "newest" = "pointInTime",
): Promise<Map<string, ChosenRecoverySnapshot>> {
  assertRecoveryPointInPast(pointInTime, now);
  if (!launcher?.listRecoverySnapshots) {
    throw new ValidationError(
      "Cannot start: this server cannot recover to a point in time (no DRS snapshot listing)",
      { field: "pointInTime" },
      "POINT_IN_TIME_UNSUPPORTED",
    );
  }
  const list = launcher.listRecoverySnapshots.bind(launcher);
  const chosen = new Map<string, ChosenRecoverySnapshot>();
  const without: { serverId: string; hostname: string; accountId: string; region: string }[] = [];
  for (let i = 0; i < servers.length; i += CONCURRENCY) {
    const slice = servers.slice(i, i + CONCURRENCY);
    const found = await Promise.all(
      slice.map(async (s) =>
        selectRecoverySnapshot(await list(s.accountId, s.region, s.serverId, pointInTime), pointInTime),
      ),
    );
    slice.forEach((s, j) => {
      const snapshot = found[j];
      if (snapshot) {
        chosen.set(s.serverId, {
          recoverySnapshotId: snapshot.snapshotId,
          recoverySnapshotTime: snapshot.takenAt,
        });
      } else {
        without.push({
          serverId: s.serverId,
          hostname: s.hostname,
          accountId: s.accountId,
          region: s.region,
        });
      }
    });
  }
  if (without.length > 0 && purpose === "newest") {
    const states = new Map(servers.map((s) => [s.serverId, s.replicationState]));
    throw new ValidationError(
      `Cannot start: ${without.length} server(s) do not replicate live and have no recovery snapshot at all (${without.map((s) => `${s.hostname}: ${states.get(s.serverId)}`).join(", ")})`,
      { servers: without.map((s) => ({ ...s, replicationState: states.get(s.serverId) })) },
      "NO_RECOVERY_SNAPSHOT",
    );
  }
  if (without.length > 0) {
    throw new ValidationError(
      `Cannot start: ${without.length} server(s) have no recovery snapshot at or before ${pointInTime.toISOString()} (${without.map((s) => s.hostname).join(", ")})`,
      { pointInTime: pointInTime.toISOString(), servers: without },
      "NO_RECOVERY_SNAPSHOT",
    );
  }
  return chosen;
}
