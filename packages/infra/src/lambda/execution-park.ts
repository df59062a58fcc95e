import { NO_LONGER_PAUSED, type PausedTaskTokens } from "@drso/aws";
import type { ExecutionStore } from "@drso/core";

/** Thrown by the park task so that the state machine's Catch sends the loop back to Tick. */
export class NoLongerPaused extends Error {
  override readonly name = NO_LONGER_PAUSED;
}

/**
 * The state machine's ParkWhilePaused task: store the task token that resume/cancel answer. A
 * resume or cancel may land between the Tick that said PAUSED and this park, find no token and
 * send nothing; so the token is stored first and the status read after: if the execution is no
 * longer paused the token is withdrawn and the park fails with NoLongerPaused (→ Tick). The API
 * records the action before it takes the token, so one of the two always moves the loop on.
 */
export const parkWhilePaused = async (
  deps: { tokens: PausedTaskTokens; store: ExecutionStore },
  executionId: string,
  taskToken: string,
): Promise<void> => {
  await deps.tokens.park(executionId, taskToken);
  const state = await deps.store.get(executionId);
  if (state?.status === "PAUSED") return;
  await deps.tokens.take(executionId);
  throw new NoLongerPaused(`Execution ${executionId} is ${state?.status ?? "gone"}, not paused`);
};
