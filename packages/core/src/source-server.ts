/** DRS replication states (dataReplicationInfo.dataReplicationState). */
export const REPLICATION_STATES = [
  "STOPPED",
  "INITIATING",
  "INITIAL_SYNC",
  "BACKLOG",
  "CREATING_SNAPSHOT",
  "CONTINUOUS",
  "PAUSED",
  "RESCAN",
  "STALLED",
  "DISCONNECTED",
] as const;
export type ReplicationState = (typeof REPLICATION_STATES)[number];

/** States in which a server cannot be recovered with current data. */
export const UNHEALTHY_REPLICATION_STATES: readonly ReplicationState[] = [
  "STALLED",
  "DISCONNECTED",
  "STOPPED",
];

/** Whether DRS reports a replication state in which the server cannot be recovered with current data. */
export const isUnhealthyReplication = (state: string): boolean =>
  (UNHEALTHY_REPLICATION_STATES as readonly string[]).includes(state);

/**
 * States in which DRS takes a fresh snapshot when a recovery starts. In any other state (the source
 * is down, replication stalled, paused or not yet synced) a server can only launch from a recovery
 * snapshot it already has, so its data is as old as that snapshot.
 */
export const LIVE_REPLICATION_STATES: readonly ReplicationState[] = [
  "CONTINUOUS",
  "BACKLOG",
  "CREATING_SNAPSHOT",
  "RESCAN",
];

/** Whether a server of this state launches from its newest existing recovery snapshot (see above). */
export const recoversFromLastSnapshot = (state: string): boolean =>
  !(LIVE_REPLICATION_STATES as readonly string[]).includes(state);

/** A replicating source server as the product sees it (from DRS DescribeSourceServers). */
export interface SourceServer {
  serverId: string;
  arn?: string;
  hostname: string;
  accountId: string;
  region: string;
  replicationState: ReplicationState | string;
  lifeCycleState?: string;
  lastSnapshotDate?: string;
  /** DRS replication lag (ISO 8601 duration, `dataReplicationInfo.lagDuration`); absent when unknown. */
  replicationLag?: string;
  sourceInstanceId?: string;
  tags: Record<string, string>;
  /** DRS outcome of the last recovery launch (PENDING, SUCCEEDED, FAILED); absent when never launched. */
  lastLaunchResult?: string;
  /** When the last recovery launch was requested. */
  lastLaunchDate?: string;
}

export const matchesTags = (server: SourceServer, criteria: Record<string, string>): boolean =>
  Object.entries(criteria).every(([k, v]) => server.tags[k] === v);
