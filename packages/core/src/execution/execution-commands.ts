import type { AwsErrorKind } from "../errors";
import type { DrsJobObservation, RecoveryBatchRequest } from "../recovery-ports";
import type { ExecutionEvent } from "./execution-events";

/**
 * What the engine asks the runner to do (commands) and what the runner tells it back
 * (observations). The runner executes commands through the ports of `recovery-ports.ts` and
 * feeds their results as observations to the next `decide`.
 */

export type ExecutionCommand =
  | { type: "StartRecovery"; batch: RecoveryBatchRequest }
  | { type: "DescribeJobs"; accountId: string; region: string; jobIds: string[] }
  | {
      type: "CheckInstanceHealth";
      accountId: string;
      region: string;
      /** The runner looks up `ec2InstanceId` via DescribeRecoveryInstances when it is not known yet. */
      servers: { serverId: string; recoveryInstanceId?: string; ec2InstanceId?: string }[];
    }
  | { type: "TerminateRecoveryInstances"; accountId: string; region: string; recoveryInstanceIds: string[] }
  | { type: "Notify"; executionId: string; subject: string; message: string };

export type ExecutionCommandType = ExecutionCommand["type"];

export const notifyCommand = (executionId: string, subject: string, message: string): ExecutionCommand => ({
  type: "Notify",
  executionId,
  subject,
  message,
});

/** DRS usage in one account-region by everything except this execution (other executions, other tools). */
export interface OutsideUsage {
  accountId: string;
  region: string;
  activeJobs: number;
  serversInActiveJobs: number;
  recoveryInstances: number;
}

/** `forceCancel` ends the execution CANCELLED at once, without waiting for its DRS jobs. */
export type UserAction = "pause" | "resume" | "cancel" | "forceCancel" | "retry" | "terminate";

export type ExecutionObservation =
  /** The timer fired: the engine asks for fresh DRS/EC2 state (polls) only on a tick. */
  | { type: "Tick" }
  | ({ type: "OutsideUsage" } & OutsideUsage)
  | { type: "UserAction"; action: UserAction; actor: string }
  | { type: "LaunchSucceeded"; batchId: string; jobId: string }
  | { type: "LaunchFailed"; batchId: string; kind: AwsErrorKind; message: string }
  /** After a restart: no DRS job carries this launch intent's batch id, so it was never launched. */
  | { type: "LaunchNotFound"; batchId: string }
  | {
      type: "JobsObserved";
      accountId: string;
      region: string;
      jobs: DrsJobObservation[];
      /** Jobs asked about that DRS did not return (it no longer knows them). */
      missingJobIds?: string[];
    }
  /** DescribeJobs failed for good (after the adapter's retries): DRS did not answer this tick. */
  | { type: "JobsPollFailed"; accountId: string; region: string; message: string }
  | {
      type: "HealthObserved";
      accountId: string;
      region: string;
      servers: {
        serverId: string;
        ec2InstanceId?: string;
        /** EC2 state name; absent when the instance is not known yet. */
        state?: string;
        instanceStatus?: string;
        systemStatus?: string;
      }[];
    }
  | {
      type: "TerminationStarted";
      accountId: string;
      region: string;
      jobId: string;
      recoveryInstanceIds: string[];
    }
  | { type: "TerminationFailed"; accountId: string; region: string; message: string };

/** What one rule of the decider (wave progression, quota scheduling, …) adds to a decision. */
export interface DecisionPart {
  /** Append these, in order, before executing any command. */
  events: ExecutionEvent[];
  commands: ExecutionCommand[];
}

export interface Decision extends DecisionPart {
  /** Call decide with a Tick at this time; undefined: nothing will change until a user acts. */
  wakeAt?: string;
}
