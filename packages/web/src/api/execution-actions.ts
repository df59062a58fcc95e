import { type Execution, isTerminal } from "./execution-types";

export const EXECUTION_ACTIONS = ["pause", "resume", "cancel", "retry", "terminate-instances"] as const;
export type ExecutionAction = (typeof EXECUTION_ACTIONS)[number];

/** Which control the API accepts in the execution's current state (the engine's rules in core's execution-user-actions.ts). */
export const isActionAllowed = (execution: Execution, action: ExecutionAction): boolean => {
  const s = execution.status;
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
