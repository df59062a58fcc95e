import {
  AwsServiceError,
  type ExecutionCommand,
  type ExecutionObservation,
  type ExecutionState,
  type RecoveryLauncher,
} from "@drso/core";
import type { Logger } from "pino";
import type { DrsCapacity } from "./drs-capacity";
import type { RunnerCounters } from "./runner-stats";
import type { PollCommand, TrackedExecution } from "./tracked-execution";

export interface CommandPorts {
  launcher: RecoveryLauncher;
  logger: Logger;
  capacity: DrsCapacity;
  counters: RunnerCounters;
  /** Receives the engine's `Notify` commands; must not throw or block. */
  onNotify?: (state: ExecutionState, subject: string, message: string) => void;
  /** Polls for this execution alone (a poll outside the batched step of a tick). */
  poll: (
    polls: { x: TrackedExecution; command: PollCommand }[],
  ) => Promise<Map<TrackedExecution, ExecutionObservation[]>>;
}

/**
 * Executes one command of one execution through the DRS ports and returns what it observed: a
 * failed call becomes an observation (`LaunchFailed`, `TerminationFailed`) for the engine to decide on.
 */
export async function executeCommand(
  x: TrackedExecution,
  command: ExecutionCommand,
  ports: CommandPorts,
): Promise<ExecutionObservation[]> {
  const { launcher, logger, counters } = ports;
  const executionId = x.state.executionId;
  switch (command.type) {
    case "StartRecovery": {
      const { batch } = command;
      try {
        counters.drsCalls();
        const { jobId } = await launcher.startRecovery(batch);
        counters.launch();
        ports.capacity.recordLaunch(
          batch.accountId,
          batch.region,
          executionId,
          jobId,
          batch.servers.map((s) => s.serverId),
        );
        return [{ type: "LaunchSucceeded", batchId: batch.batchId, jobId }];
      } catch (error) {
        const kind = error instanceof AwsServiceError ? error.kind : "internal";
        if (kind === "quota") counters.quotaError();
        logger.warn({ err: error, executionId, batchId: batch.batchId, kind }, "StartRecovery failed");
        return [{ type: "LaunchFailed", batchId: batch.batchId, kind, message: errorMessage(error) }];
      }
    }
    case "TerminateRecoveryInstances":
      try {
        counters.drsCalls();
        const { jobId } = await launcher.terminateRecoveryInstances(
          command.accountId,
          command.region,
          command.recoveryInstanceIds,
        );
        return [
          {
            type: "TerminationStarted",
            accountId: command.accountId,
            region: command.region,
            jobId,
            recoveryInstanceIds: command.recoveryInstanceIds,
          },
        ];
      } catch (error) {
        logger.warn({ err: error, executionId }, "TerminateRecoveryInstances failed");
        return [
          {
            type: "TerminationFailed",
            accountId: command.accountId,
            region: command.region,
            message: errorMessage(error),
          },
        ];
      }
    case "Notify":
      logger.info({ executionId, subject: command.subject }, command.message);
      ports.onNotify?.(x.state, command.subject, command.message);
      return [];
    case "DescribeJobs":
    case "CheckInstanceHealth":
      return (await ports.poll([{ x, command }])).get(x) ?? [];
    default: {
      const unreachable: never = command;
      throw new Error(`unknown command ${JSON.stringify(unreachable)}`);
    }
  }
}

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));
