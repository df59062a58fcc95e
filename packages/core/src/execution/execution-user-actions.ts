import { InvalidStateError } from "../errors";
import { isTerminalExecutionStatus } from "./execution";
import type { UserAction } from "./execution-commands";
import type { ExecutionState } from "./execution-state";

/** Which user actions (pause, resume, cancel, retry, terminate) an execution's state allows. */

/** Refuses a user action the execution's state does not allow, with a clear code. */
export function checkUserAction(s: ExecutionState, action: UserAction): void {
  const terminal = isTerminalExecutionStatus(s.status);
  switch (action) {
    case "pause":
      if (s.status !== "RUNNING" && s.status !== "PENDING")
        throw new InvalidStateError(
          "EXECUTION_NOT_RUNNING",
          `Only a running execution can be paused (it is ${s.status})`,
        );
      return;
    case "resume":
      if (s.status !== "PAUSED")
        throw new InvalidStateError(
          "EXECUTION_NOT_PAUSED",
          `Only a paused execution can be resumed (it is ${s.status})`,
        );
      return;
    case "cancel":
      if (terminal)
        throw new InvalidStateError(
          "EXECUTION_ALREADY_FINISHED",
          `The execution already finished (${s.status}) and cannot be cancelled`,
          { status: s.status },
        );
      if (s.status === "CANCELLING")
        throw new InvalidStateError(
          "EXECUTION_ALREADY_CANCELLING",
          "The execution is already being cancelled",
        );
      return;
    case "forceCancel":
      if (terminal)
        throw new InvalidStateError(
          "EXECUTION_ALREADY_FINISHED",
          `The execution already finished (${s.status}) and cannot be cancelled`,
          { status: s.status },
        );
      return;
    case "retry":
      if (s.status !== "PARTIAL" && s.status !== "FAILED")
        throw new InvalidStateError(
          "EXECUTION_NOT_RETRYABLE",
          `Only a PARTIAL or FAILED execution can be retried (it is ${s.status})`,
        );
      if (s.instancesTerminated)
        throw new InvalidStateError(
          "INSTANCES_ALREADY_TERMINATED",
          "Its recovery instances were terminated; start a new execution",
        );
      if (!Object.values(s.servers).some((x) => x.health === "FAILED"))
        throw new InvalidStateError("NOTHING_TO_RETRY", "The execution has no failed servers");
      return;
    case "terminate":
      if (!terminal)
        throw new InvalidStateError(
          "EXECUTION_NOT_FINISHED",
          `Instances can be terminated once the execution finished (it is ${s.status})`,
        );
      if (s.termination.requested)
        throw new InvalidStateError(
          "INSTANCES_ALREADY_TERMINATED",
          "Recovery instances of this execution were already terminated",
        );
      return;
    default: {
      const unreachable: never = action;
      throw new Error(`unknown action ${String(unreachable)}`);
    }
  }
}

export const userActionAllowed = (s: ExecutionState, a: UserAction): boolean => {
  try {
    checkUserAction(s, a);
    return true;
  } catch {
    return false;
  }
};
