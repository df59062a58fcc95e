import { ExecutionChangedError, type ExecutionStore } from "@drso/core";
import type { Logger } from "pino";
import { type ExecutionTickDeps, runExecutionTick } from "./execution-tick";

/** The fields of an EventBridge event the wake-up needs (DRS launch result, EC2 state change). */
export interface WakeEvent {
  source: string;
  "detail-type": string;
  account: string;
  region: string;
}

/**
 * EventBridge → Wake Lambda: a DRS launch result or an EC2 state change in an account-region ticks
 * every unfinished execution with servers there at once, instead of at its next poll. The state
 * machine keeps its own Wait; if both tick at the same moment the store refuses the stale one
 * (EXECUTION_CHANGED), which is fine here — the other tick did the work.
 */
export const wakeExecutions = async (
  deps: Omit<ExecutionTickDeps, "store"> & { newStore: () => ExecutionStore; logger: Logger },
  event: WakeEvent,
): Promise<{ woken: string[] }> => {
  const unfinished = await deps.newStore().listUnfinished();
  const affected = unfinished.filter((s) =>
    Object.values(s.servers).some((x) => x.accountId === event.account && x.region === event.region),
  );
  const woken: string[] = [];
  for (const state of affected) {
    try {
      await runExecutionTick({ ...deps, store: deps.newStore() }, { executionId: state.executionId });
      woken.push(state.executionId);
    } catch (error) {
      if (error instanceof ExecutionChangedError) continue;
      deps.logger.warn(
        { err: error, executionId: state.executionId },
        "wake-up tick failed; polling continues",
      );
    }
  }
  return { woken };
};
