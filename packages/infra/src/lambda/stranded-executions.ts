import type { ExecutionStore } from "@drso/core";
import type { Logger } from "pino";

/**
 * How long a new execution may stay PENDING before it counts as stranded. The API starts the loop
 * right after the claim and the first Tick moves the execution on within seconds, so a PENDING
 * execution this old means the API Lambda died (or timed out) between the claim and StartExecution.
 */
export const STRANDED_AFTER_MS = 2 * 60_000;

export interface StrandedSweepDeps {
  store: ExecutionStore;
  /** StartExecution named by the execution id (`StepFunctionsExecutionDriver.start`): idempotent. */
  start: (executionId: string) => Promise<void>;
  now: () => Date;
  logger: Logger;
}

/**
 * Scheduled sweep (the Wake Lambda on an EventBridge schedule): starts the loop of every stranded
 * execution. Starting a loop that already runs under that name is a no-op, so the sweep can never
 * give an execution two loops; without it a stranded execution would hold its servers until
 * someone cancelled it.
 */
export const restartStrandedLoops = async (deps: StrandedSweepDeps): Promise<{ restarted: string[] }> => {
  const cutoff = deps.now().getTime() - STRANDED_AFTER_MS;
  const stranded = (await deps.store.listUnfinished()).filter(
    (s) => s.status === "PENDING" && Date.parse(s.startTime) < cutoff,
  );
  const restarted: string[] = [];
  for (const state of stranded) {
    try {
      await deps.start(state.executionId);
      restarted.push(state.executionId);
    } catch (error) {
      deps.logger.warn(
        { err: error, executionId: state.executionId },
        "could not restart a stranded execution loop",
      );
    }
  }
  return { restarted };
};
