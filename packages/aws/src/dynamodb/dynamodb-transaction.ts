import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { ConcurrentWriteError, ValidationError } from "@drso/core";

/** One action of TransactWriteItems (document-client shape). */
export type TransactItem = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]["TransactItems"]
>[number];

/**
 * A write plus what its failed condition means for the caller. `explain` runs after the
 * transaction was cancelled on this action's condition and returns the domain error to throw
 * (it may read the store to name the conflicting record).
 */
export interface GuardedWrite {
  item: TransactItem;
  explain?: () => Promise<Error>;
  /**
   * Claim puts only: called when the claim item already exists. Returns true when the holder was
   * stale (an orphan of a crashed change, see `claim-lease.ts`) and has been swept, so the write
   * can simply run again; false when the holder is live and `explain` names the conflict.
   */
  reclaim?: () => Promise<boolean>;
}

/** DynamoDB allows at most 100 actions in one TransactWriteItems call. */
export const MAX_TRANSACTION_ACTIONS = 100;

/**
 * Thrown when another transaction touched the same items, or a stale claim was swept out of the
 * way: the attempt (or the chunk of a chunked change) is rerun.
 */
export class TransactionRaced extends Error {}

/**
 * Runs all writes in one TransactWriteItems call. When a condition fails, the matching `explain`
 * turns it into the domain error; when DynamoDB cancels because a concurrent transaction held an
 * item (TransactionConflict), the caller's attempt (reads included) runs again.
 */
export const transactWrite = async (
  client: DynamoDBDocumentClient,
  writes: GuardedWrite[],
): Promise<void> => {
  if (writes.length === 0) return;
  if (writes.length > MAX_TRANSACTION_ACTIONS) {
    throw new ValidationError(
      `This change needs ${writes.length} writes; the DynamoDB store can apply at most ${MAX_TRANSACTION_ACTIONS} atomically`,
      { writes: writes.length, max: MAX_TRANSACTION_ACTIONS },
      "CHANGE_TOO_LARGE",
    );
  }
  try {
    await client.send(new TransactWriteCommand({ TransactItems: writes.map((w) => w.item) }));
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const reasons = error.CancellationReasons ?? [];
    const failedAt = reasons.flatMap((r, i) => (r.Code === "ConditionalCheckFailed" ? [i] : []));
    const failed = failedAt.map((i) => writes[i]);
    const swept = await reclaimAll(failed);
    if (failed.length > 0 && swept.length === failed.length && swept.every(Boolean)) {
      throw new TransactionRaced("Swept stale server claims; writing again");
    }
    // The live holder found above, else the first failed write that can say what went wrong.
    const live = swept.length - 1;
    const explain =
      (swept[live] === false ? failed[live]?.explain : undefined) ?? failed.find((w) => w?.explain)?.explain;
    if (explain) throw await explain();
    if (reasons.some((r) => r.Code === "TransactionConflict")) throw new TransactionRaced(error.message);
    throw new ConcurrentWriteError(
      "The record changed while it was being written; retry",
      {
        reasons: reasons.map((r) => r.Code ?? "None"),
      },
      { cause: error },
    );
  }
};

/**
 * For each failed write, in order: true when it was a claim whose stale holder has now been swept.
 * Stops at the first live holder (the change is refused anyway), so a refused change of 300
 * servers costs one look at the holder, not 300.
 */
const reclaimAll = async (failed: (GuardedWrite | undefined)[]): Promise<boolean[]> => {
  const swept: boolean[] = [];
  for (const w of failed) {
    const ok = w?.reclaim ? await w.reclaim() : false;
    swept.push(ok);
    if (!ok) break;
  }
  return swept;
};

/**
 * Reruns `attempt` (read, decide, transactWrite) while it loses races to concurrent transactions,
 * with jittered backoff; after `maxAttempts` the caller gets a 409 to retry.
 */
export const withRaceRetry = async <T>(attempt: () => Promise<T>, maxAttempts = 8): Promise<T> => {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof TransactionRaced)) throw error;
      if (i >= maxAttempts) {
        throw new ConcurrentWriteError("Too many concurrent writes to the same records; retry", undefined, {
          cause: error,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** i));
    }
  }
};
