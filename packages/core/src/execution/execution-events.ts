import type { DrsQuotas } from "../quotas";
import type { RecoveryPlan } from "../recovery-plan";
import type { DrsJobStatus, DrsLaunchStatus } from "../recovery-ports";
import type { ExcludedServer, ExecutionStatus, ExecutionType } from "./execution";
import type { BatchPlan, CompiledPlan } from "./plan-compiler";

/**
 * Everything that happens to an execution is one of these events, persisted in order before the
 * runner acts on it. Each carries its time `at`; user-caused events carry the `actor`; events that
 * end or refuse something carry a `reason`.
 */

export interface ExecutionSettings {
  quotas: DrsQuotas;
  healthCheckTimeoutSeconds: number;
  /** Poll interval bounds (ms): fast right after a change, backing off to the maximum while quiet. */
  pollMinMs: number;
  pollMaxMs: number;
}

/** What applying a protection group's launch settings changed on one server at execution start. */
export interface LaunchSettingsApplied {
  groupId: string;
  serverId: string;
  accountId: string;
  region: string;
  changes: { field: string; from: unknown; to: unknown }[];
}

export type ExecutionEvent =
  | {
      type: "ExecutionCreated";
      at: string;
      actor: string;
      executionId: string;
      planId: string;
      planName: string;
      executionType: ExecutionType;
      planSnapshot: RecoveryPlan;
      settings: ExecutionSettings;
      compiled: CompiledPlan;
      /** Group launch-settings defaults applied to servers before any StartRecovery (only real changes). */
      launchSettingsApplied?: LaunchSettingsApplied[];
      /** The recovery point the operator chose; each compiled server then names its snapshot. */
      pointInTime?: string;
      /** A DRILL the operator started although some servers' replication was not live. */
      allowDegraded?: boolean;
      /** Servers of the plan the operator left out of this run. */
      excludedServers?: ExcludedServer[];
    }
  | { type: "ExecutionStarted"; at: string }
  | { type: "WaveAwaitingApproval"; at: string; waveNumber: number }
  | { type: "ExecutionPaused"; at: string; actor: string; reason: string }
  /** A resume approved a wave waiting for approval: it may start once the execution runs again. */
  | { type: "WaveApproved"; at: string; actor: string; waveNumber: number }
  | { type: "ExecutionResumed"; at: string; actor: string }
  | { type: "WaveStarted"; at: string; waveNumber: number }
  /** The launch intent: stored before StartRecovery is called. */
  | { type: "BatchLaunchRequested"; at: string; batchId: string }
  | { type: "BatchLaunched"; at: string; batchId: string; jobId: string }
  | { type: "BatchLaunchDeferred"; at: string; batchId: string; retryAt: string; reason: string }
  | { type: "BatchLaunchFailed"; at: string; batchId: string; reason: string }
  /** Cancelled before launch. */
  | { type: "BatchDropped"; at: string; batchId: string; reason: string }
  | {
      type: "JobProgressed";
      at: string;
      batchId: string;
      jobStatus: DrsJobStatus;
      servers: {
        serverId: string;
        launchStatus: DrsLaunchStatus;
        recoveryInstanceId?: string;
        /** DRS's reason from the job log, for a server it failed. */
        failureReason?: string;
      }[];
    }
  /** The batch's DRS job has shown no change for `minutes` (reported again every JOB_STALL_MINUTES). */
  | { type: "JobStalled"; at: string; batchId: string; jobId: string; minutes: number; reason: string }
  /** DescribeJobs did not return the batch's job; `misses` in a row so far. */
  | { type: "JobNotFound"; at: string; batchId: string; jobId: string; misses: number }
  /** DRS no longer knows the batch's job: its servers not launched yet fail with the reason. */
  | { type: "BatchJobLost"; at: string; batchId: string; jobId: string; reason: string }
  | {
      type: "ServerHealthChanged";
      at: string;
      serverId: string;
      health: "CHECKING" | "HEALTHY" | "FAILED";
      ec2InstanceId?: string;
      ec2State?: string;
      reason?: string;
    }
  /** The wave ran past its maxWaveMinutes: its unfinished batches and servers fail with the reason. */
  | { type: "WaveTimedOut"; at: string; waveNumber: number; reason: string }
  | {
      type: "WaveFinished";
      at: string;
      waveNumber: number;
      status: "COMPLETED" | "PARTIAL" | "FAILED" | "SKIPPED" | "CANCELLED";
      reason?: string;
    }
  | { type: "CancelRequested"; at: string; actor: string }
  /** While cancelling, DescribeJobs failed: `failures` so far since the cancel. */
  | { type: "CancelPollFailed"; at: string; failures: number; reason: string }
  /**
   * The execution ends CANCELLED now, without waiting for its DRS jobs: forced by a user, or by the
   * system when DRS stopped answering during a cancel. Its servers are released.
   */
  | { type: "ExecutionForceCancelled"; at: string; actor: string; reason: string }
  | {
      type: "ExecutionFinished";
      at: string;
      status: Extract<ExecutionStatus, "COMPLETED" | "PARTIAL" | "FAILED" | "CANCELLED">;
    }
  | { type: "RetryStarted"; at: string; actor: string; attempt: number; batches: BatchPlan[] }
  | { type: "TerminationRequested"; at: string; actor: string }
  | {
      type: "TerminationJobStarted";
      at: string;
      accountId: string;
      region: string;
      jobId: string;
      recoveryInstanceIds: string[];
    }
  | { type: "TerminationFailed"; at: string; accountId: string; region: string; reason: string }
  | { type: "InstancesTerminated"; at: string };

export type ExecutionEventType = ExecutionEvent["type"];
