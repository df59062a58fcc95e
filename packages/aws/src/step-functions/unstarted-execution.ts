import {
  ExecutionChangedError,
  type ExecutionEvent,
  type ExecutionState,
  type ExecutionStore,
  evolve,
  isTerminalExecutionStatus,
} from "@drso/core";

/** What became of an execution whose Step Functions loop could not be started. */
export type UnstartedOutcome = "failed" | "running";

/**
 * Ends an execution whose loop never started, so it does not hold its servers forever: every batch
 * still planned fails with `reason` (its servers show it, and `POST .../retry` relaunches them once
 * the cause is fixed), every open wave fails, and the execution finishes FAILED — which releases
 * its server claims in the same write.
 *
 * The write is conditioned on the state having no events beyond what was just created. If a loop
 * did start after all (StartExecution timed out on our side but ran), its first Tick has moved the
 * execution on, the write is refused, and the answer is "running": the loop owns it.
 */
export const failUnstartedExecution = async (
  store: ExecutionStore,
  executionId: string,
  reason: string,
  now: () => Date,
): Promise<UnstartedOutcome> => {
  const state = await store.get(executionId);
  if (!state) return "failed";
  // Anything past PENDING was moved by a Tick: a loop runs (or ran) it.
  if (state.status !== "PENDING") return isTerminalExecutionStatus(state.status) ? "failed" : "running";
  const events = unstartedEvents(state, reason, now().toISOString());
  try {
    await store.append(events.reduce(evolve, state), events);
    return "failed";
  } catch (error) {
    if (error instanceof ExecutionChangedError) return "running";
    throw error;
  }
};

const unstartedEvents = (state: ExecutionState, reason: string, at: string): ExecutionEvent[] => [
  ...Object.values(state.batches)
    .filter((b) => b.status === "PLANNED")
    .map((b): ExecutionEvent => ({ type: "BatchLaunchFailed", at, batchId: b.batchId, reason })),
  ...state.waves
    .filter((w) => w.status === "PENDING" || w.status === "WAITING_APPROVAL")
    .map(
      (w): ExecutionEvent => ({
        type: "WaveFinished",
        at,
        waveNumber: w.waveNumber,
        status: "FAILED",
        reason,
      }),
    ),
  { type: "ExecutionFinished", at, status: "FAILED" },
];
