import type { ExecutionCommand, ExecutionObservation, ExecutionState } from "@drso/core";

/** An execution the runner drives: its state, when to wake it, what it observed since its last decision. */
export interface TrackedExecution {
  state: ExecutionState;
  wakeAt?: number;
  inbox: ExecutionObservation[];
}

/** The engine's polls, which the runner batches across executions. */
export type PollCommand = Extract<ExecutionCommand, { type: "DescribeJobs" | "CheckInstanceHealth" }>;

export const isPollCommand = (command: ExecutionCommand): command is PollCommand =>
  command.type === "DescribeJobs" || command.type === "CheckInstanceHealth";

export const targetKey = (accountId: string, region: string) => `${accountId}/${region}`;
