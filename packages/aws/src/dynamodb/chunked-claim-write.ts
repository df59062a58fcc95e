import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { ConcurrentWriteError, isDomainError } from "@drso/core";
import { notAbortedCheck } from "./claim-lease";
import {
  type GuardedWrite,
  MAX_TRANSACTION_ACTIONS,
  TransactionRaced,
  transactWrite,
} from "./dynamodb-transaction";
import type { ItemKey } from "./page-token";

/** A conditional put of one claim item (see `claim-lease.ts`), with the key rollback deletes. */
export interface ClaimWrite extends GuardedWrite {
  key: ItemKey;
}

/**
 * A change that claims servers: the claims it adds, the writes that commit it (the owner record,
 * uniqueness items, audit entry) and the claims it gives up once committed.
 */
export interface ClaimedChange {
  /** Table of the claim items (and of the abort markers that fence this attempt). */
  table: string;
  attemptId: string;
  claims: ClaimWrite[];
  commit: GuardedWrite[];
  releases: GuardedWrite[];
}

/** Claims per chunk before the final one (each chunk is one DynamoDB transaction, which holds at most 100 items). */
const CLAIM_CHUNK = 99;
/** How often one chunk is retried when it races another transaction or swept a stale claim. */
const CHUNK_ATTEMPTS = 12;

/**
 * Writes a claimed change. When everything fits one TransactWriteItems call it is that one atomic
 * call, as before (a race throws `TransactionRaced` for the caller's `withRaceRetry`). Otherwise:
 *
 * 1. the claims, sorted by key, go in chunks of ≤99 conditional puts — every concurrent change
 *    claims in the same order, so of two overlapping changes one always gets through;
 * 2. the final chunk carries the last claims, the commit writes and the check that no claim of
 *    this attempt was swept as stale (`claim-lease.ts`);
 * 3. if any chunk fails (a claim held by someone else, a stale version, any error), the claims
 *    this attempt already wrote are deleted, conditioned on its `attemptId`, before the error is
 *    reported; a crash instead of that rollback leaves claims that the lease rule turns stale;
 * 4. once committed, the released claims are deleted in chunks. A failure there is not the
 *    caller's failure (the change is committed): the leftovers are stale by the rule (their owner
 *    no longer lists them) and the next write that needs those servers sweeps them.
 */
export const writeClaimedChange = async (
  client: DynamoDBDocumentClient,
  change: ClaimedChange,
): Promise<void> => {
  const claims = [...change.claims].sort((a, b) => compareKeys(a.key, b.key));
  const { commit, releases } = change;
  if (claims.length + commit.length + releases.length <= MAX_TRANSACTION_ACTIONS) {
    await transactWrite(client, [...claims, ...commit, ...releases]);
    return;
  }
  const finalRoom = Math.max(0, MAX_TRANSACTION_ACTIONS - commit.length - 1);
  const headCount = Math.max(0, claims.length - finalRoom);
  const head = claims.slice(0, headCount);
  const tail = claims.slice(headCount);
  const written: ItemKey[] = [];
  for (let i = 0; i < head.length; i += CLAIM_CHUNK) {
    const chunk = head.slice(i, i + CLAIM_CHUNK);
    try {
      await retryChunk(() => transactWrite(client, chunk));
    } catch (error) {
      // A refused chunk (domain error) wrote nothing. After a timeout it may have been applied:
      // roll its keys back too (a delete conditioned on this attempt is a no-op if it was not).
      const undo = refused(error) ? written : [...written, ...chunk.map((c) => c.key)];
      await rollback(client, change.table, change.attemptId, undo);
      throw error;
    }
    written.push(...chunk.map((c) => c.key));
  }
  const fence =
    head.length > 0
      ? [
          notAbortedCheck(
            change.table,
            change.attemptId,
            async () =>
              new ConcurrentWriteError("This change stalled and its server claims were taken over; retry", {
                attemptId: change.attemptId,
              }),
          ),
        ]
      : [];
  try {
    await retryChunk(() => transactWrite(client, [...tail, ...commit, ...fence]));
  } catch (error) {
    // Only a refused commit (a domain error, or DynamoDB rejecting the request itself) is known
    // not to have happened. After a timeout, a 5xx or a network error it may have committed, and
    // then its claims are live: leave them to the lease rule (live if the owner lists them, stale
    // after the lease otherwise).
    if (refused(error)) await rollback(client, change.table, change.attemptId, written);
    throw error;
  }
  await bestEffort(client, releases);
};

/** True when the write certainly did not happen: cancelled, or rejected as a client error (4xx). */
const refused = (error: unknown): boolean =>
  isDomainError(error) || (error as { $fault?: string } | undefined)?.$fault === "client";

const compareKeys = (a: ItemKey, b: ItemKey): number => {
  const ak = `${a.pk}\u0000${a.sk}`;
  const bk = `${b.pk}\u0000${b.sk}`;
  return ak < bk ? -1 : ak > bk ? 1 : 0;
};

/** Reruns one chunk while it races concurrent transactions (nothing of it was written then). */
const retryChunk = async (write: () => Promise<void>): Promise<void> => {
  for (let i = 1; ; i++) {
    try {
      await write();
      return;
    } catch (error) {
      if (!(error instanceof TransactionRaced)) throw error;
      if (i >= CHUNK_ATTEMPTS) {
        throw new ConcurrentWriteError("Too many concurrent writes to the same servers; retry", undefined, {
          cause: error,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(400, 10 * 2 ** i)));
    }
  }
};

/** Deletes the claims this attempt wrote, never one another attempt has put since. */
const rollback = async (
  client: DynamoDBDocumentClient,
  table: string,
  attemptId: string,
  keys: readonly ItemKey[],
): Promise<void> => {
  const deletes: GuardedWrite[] = keys.map((key) => ({
    item: {
      Delete: {
        TableName: table,
        Key: key,
        ConditionExpression: "attemptId = :a",
        ExpressionAttributeValues: { ":a": attemptId },
      },
    },
  }));
  await bestEffort(client, deletes);
};

/**
 * Conditional deletes in transactions of 100; a chunk that fails (one condition no longer holds)
 * is retried item by item. Errors are swallowed on purpose: what is left behind is stale by the
 * lease rule and swept by the next write that needs it.
 */
const bestEffort = async (
  client: DynamoDBDocumentClient,
  deletes: readonly GuardedWrite[],
): Promise<void> => {
  for (let i = 0; i < deletes.length; i += MAX_TRANSACTION_ACTIONS) {
    const chunk = deletes.slice(i, i + MAX_TRANSACTION_ACTIONS);
    try {
      await transactWrite(client, chunk);
    } catch {
      await Promise.all(chunk.map((d) => transactWrite(client, [d]).catch(() => undefined)));
    }
  }
};
