import { DEFAULT_DRS_QUOTAS } from "../quotas";
import type { RecoveryPlan } from "../recovery-plan";
import type { DrsJobStatus } from "../recovery-ports";
import type {
  ExcludedServer,
  ExecutionServer,
  ExecutionStatus,
  ExecutionType,
  WaveStatus,
} from "./execution";
import type { ExecutionSettings } from "./execution-events";
import type { BatchPlan } from "./plan-compiler";

/**
 * Execution state: a fold of its events (`evolve`, execution-evolve.ts). Plain JSON so the runner
 * can snapshot it. Also the questions the rules ask of it (settled server, started wave, …).
 */

export type BatchStatus =
  /** Waiting for its wave, for quota headroom, or for a retry time. */
  | "PLANNED"
  /** Launch intent stored; StartRecovery called or about to be. Counts as an active job. */
  | "LAUNCHING"
  /** DRS job running. */
  | "ACTIVE"
  /** DRS job COMPLETED. */
  | "DONE"
  /** StartRecovery refused for good; its servers failed. */
  | "FAILED"
  /** Never launched because the execution was cancelled. */
  | "DROPPED";

export interface BatchState extends BatchPlan {
  status: BatchStatus;
  jobId?: string;
  jobStatus?: DrsJobStatus;
  failures: number;
  /** Polls in a row whose DescribeJobs did not return this batch's job. */
  jobMisses?: number;
  /** When its DRS job last changed (launched, or a new status); a job quiet too long is reported. */
  progressedAt?: string;
  /** When the engine last reported the job as showing no change (`JobStalled`). */
  stallReportedAt?: string;
  retryAt?: string;
  error?: string;
  requestedAt?: string;
  launchedAt?: string;
  endedAt?: string;
}

export interface ServerState extends ExecutionServer {
  waveNumber: number;
  batchId: string;
  /** When DRS reported LAUNCHED: the health-check timeout counts from here. */
  launchedAt?: string;
  /** Instances of earlier attempts (a retry relaunches): still to be terminated with the rest. */
  earlierRecoveryInstanceIds?: string[];
}

export interface WaveState {
  waveNumber: number;
  waveName: string;
  dependsOnWaves: number[];
  pauseBeforeWave: boolean;
  waitTimeSeconds: number;
  onFailure: "STOP" | "CONTINUE";
  /** A wave started this long ago and not finished fails its unfinished servers (`WaveTimedOut`). */
  maxWaveMinutes: number;
  status: WaveStatus;
  /** pauseBeforeWave was approved by a resume (`WaveApproved`). */
  approved: boolean;
  startTime?: string;
  endTime?: string;
  serverIds: string[];
  batchIds: string[];
}

export interface TerminationTarget {
  accountId: string;
  region: string;
  jobId?: string;
  error?: string;
}

export interface ExecutionState {
  executionId: string;
  planId: string;
  planName: string;
  /** Undefined only before `ExecutionCreated`. */
  planSnapshot: RecoveryPlan | undefined;
  executionType: ExecutionType;
  initiatedBy: string;
  settings: ExecutionSettings;
  status: ExecutionStatus;
  /** A user paused (as opposed to a wave awaiting approval). */
  pausedByUser: boolean;
  startTime: string;
  endTime?: string;
  currentWave: number;
  attempt: number;
  /** In dependency order. */
  waves: WaveState[];
  batches: Record<string, BatchState>;
  servers: Record<string, ServerState>;
  termination: { requested: boolean; targets: TerminationTarget[] };
  instancesTerminated: boolean;
  /** Time of the last event: the poll interval grows with the time since. */
  lastChangeAt: string;
  /** The chosen recovery point (ISO), when the execution does not recover the latest data. */
  pointInTime?: string;
  allowDegraded?: boolean;
  excludedServers?: ExcludedServer[];
  /** When every recovery instance of the execution was terminated. */
  terminatedAt?: string;
  /** A cancel: who asked and when; when it was forced (by a user or the system), by whom and why. */
  cancellation?: Cancellation;
}

export interface Cancellation {
  requestedAt?: string;
  requestedBy?: string;
  /** Failed DescribeJobs polls since the cancel (the engine stops waiting after a few). */
  pollFailures?: number;
  forcedAt?: string;
  forcedBy?: string;
  reason?: string;
}

/** The state before any event; only `ExecutionCreated` gives it meaning. */
export const initialState = (): ExecutionState => ({
  executionId: "",
  planId: "",
  planName: "",
  planSnapshot: undefined,
  executionType: "DRILL",
  initiatedBy: "",
  settings: {
    quotas: { ...DEFAULT_DRS_QUOTAS },
    healthCheckTimeoutSeconds: 600,
    pollMinMs: 1000,
    pollMaxMs: 15_000,
  },
  status: "PENDING",
  pausedByUser: false,
  startTime: "",
  currentWave: 0,
  attempt: 1,
  waves: [],
  batches: {},
  servers: {},
  termination: { requested: false, targets: [] },
  instancesTerminated: false,
  lastChangeAt: "",
});

/** Account-regions holding recovery instances of this execution. */
export function terminationTargets(s: ExecutionState): TerminationTarget[] {
  const keys = new Map<string, TerminationTarget>();
  for (const srv of Object.values(s.servers)) {
    if (srv.recoveryInstanceId || srv.earlierRecoveryInstanceIds?.length)
      keys.set(`${srv.accountId}/${srv.region}`, { accountId: srv.accountId, region: srv.region });
  }
  return [...keys.values()];
}

/** Every recovery instance this execution launched in the account-region, retries included. */
export const recoveryInstanceIdsIn = (s: ExecutionState, accountId: string, region: string): string[] => [
  ...new Set(
    Object.values(s.servers)
      .filter((x) => x.accountId === accountId && x.region === region)
      .flatMap((x) => [
        ...(x.earlierRecoveryInstanceIds ?? []),
        ...(x.recoveryInstanceId ? [x.recoveryInstanceId] : []),
      ]),
  ),
];

/** A server whose outcome is known: healthy, failed, or cancelled before it launched. */
export const isServerSettled = (srv: ServerState) =>
  srv.health === "HEALTHY" || srv.health === "FAILED" || srv.health === "CANCELLED";

export const waveByNumber = (s: ExecutionState, n: number): WaveState | undefined =>
  s.waves.find((w) => w.waveNumber === n);
/** A wave whose batches launch or whose instances are being checked. */
export const isWaveStarted = (w: WaveState) => w.status === "LAUNCHING" || w.status === "HEALTH_CHECK";
/** A batch that holds a DRS job slot: intent stored or job running. */
export const isBatchInFlight = (b: BatchState) => b.status === "LAUNCHING" || b.status === "ACTIVE";
