import { type Execution, isTerminal } from "./execution-types";

export const EXECUTION_ACTIONS = [
  "pause",
  "resume",
  "cancel",
  "force-cancel",
  "retry",
  "terminate-instances",
] as const;
export type ExecutionAction = (typeof EXECUTION_ACTIONS)[number];

/** A cancel pending this long is offered a force cancel (DRS may not be answering). */
export const FORCE_CANCEL_AFTER_MS = 60_000;

/**
 * Which control the API accepts in the execution's current state (the engine's rules in core's
 * execution-user-actions.ts). `now` matters for force cancel only: offered once a cancel has been
 * pending for a minute.
 */
export const isActionAllowed = (execution: Execution, action: ExecutionAction, now = Date.now()): boolean => {
  const s = execution.status;
  if (action === "force-cancel") {
    const requestedAt = Date.parse(execution.cancellation?.requestedAt ?? "");
    return s === "CANCELLING" && now - requestedAt > FORCE_CANCEL_AFTER_MS;
  }
  switch (action) {
    case "pause":
      return s === "RUNNING";
    case "resume":
      return s === "PAUSED";
    case "cancel":
      return s === "PENDING" || s === "RUNNING" || s === "PAUSED";
    case "retry":
      return s === "PARTIAL" || s === "FAILED";
    case "terminate-instances":
      return isTerminal(s) && !execution.instancesTerminated && hasRecoveryInstances(execution);
  }
};

const hasRecoveryInstances = (execution: Execution): boolean =>
  (execution.waveStatus ?? []).some((w) =>
    (w.servers ?? []).some((srv) => Boolean(srv.recoveryInstanceId ?? srv.ec2InstanceId)),
  );
