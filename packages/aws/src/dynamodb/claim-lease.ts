import type { GuardedWrite, TransactItem } from "./dynamodb-transaction";
import type { ItemKey } from "./page-token";

/**
 * Server claims (one server per protection group; one active execution per server) are items keyed
 * by the server. A change that claims more servers than one TransactWriteItems call can hold writes
 * its claims in chunks before the record that owns them, so a crash between chunks can leave
 * claims whose owner never got written (or never got the version that lists them). Every claim
 * therefore carries a stamp saying who wrote it:
 *
 * - `attemptId`: the one write attempt that put it (rollback deletes only its own claims);
 * - `claimVersion`: the owner version that attempt commits (group `version`, execution event count);
 * - `claimedAt`: when, in epoch milliseconds.
 *
 * **Rule.** A claim is *live* when its owner record exists and holds the server (a group listing
 * it; an execution that is not finished), or while it is *pending*: the owner is missing or older
 * than `claimVersion` and the claim is younger than the lease. Anything else is *stale* (orphaned)
 * and a later write sweeps it: one transaction deletes that exact claim (conditioned on its
 * `attemptId`) and puts an abort marker for its attempt. The final chunk of every chunked change
 * checks that no abort marker names its attempt, so an attempt that was only slow, not dead, can
 * never commit after its claims were taken: the lease decides when servers are free again, the
 * marker keeps that safe.
 *
 * Claims written before this stamp existed (one transaction with their owner) have no `attemptId`:
 * they are never pending, only live or stale by the owner record.
 */
export interface ClaimStamp {
  attemptId: string;
  claimVersion: number;
  claimedAt: number;
}

/** How long a claim without a committed owner counts as work in progress, and the clock. */
export interface ClaimLease {
  leaseMs: number;
  now: () => number;
}

/** Longer than any chunked change takes (a 3,000-server claim is ~31 transactions, seconds). */
export const DEFAULT_CLAIM_LEASE: ClaimLease = { leaseMs: 120_000, now: () => Date.now() };

/** The stamp fields as stored on a claim item (absent on claims older than chunked writes). */
export interface StoredClaimStamp {
  attemptId?: string;
  claimVersion?: number;
  claimedAt?: number;
}

/**
 * True while an attempt may still commit the owner of this claim: the owner is not yet at the
 * version the claim was written for, and the lease has not run out.
 */
export const isPending = (
  claim: StoredClaimStamp,
  ownerVersion: number | undefined,
  lease: ClaimLease,
): boolean =>
  claim.attemptId !== undefined &&
  (ownerVersion === undefined || ownerVersion < (claim.claimVersion ?? 0)) &&
  lease.now() - (claim.claimedAt ?? 0) < lease.leaseMs;

const ABORT_PARTITION = "ABORT";
/** Abort markers only need to outlive the attempt they fence; a TTL attribute lets DynamoDB drop them. */
const ABORT_MARKER_DAYS = 7;

/**
 * Sweeps one stale claim: deletes it only if it is still exactly the claim that was judged (same
 * attempt, or same owner for an unstamped claim) and fences its attempt off from committing.
 */
export const sweepClaim = (
  table: string,
  key: ItemKey,
  claim: StoredClaimStamp,
  owner: { attribute: string; id: string },
  lease: ClaimLease,
): TransactItem[] => {
  const del: TransactItem = {
    Delete: {
      TableName: table,
      Key: key,
      ...(claim.attemptId !== undefined
        ? {
            ConditionExpression: "attemptId = :a",
            ExpressionAttributeValues: { ":a": claim.attemptId },
          }
        : {
            ConditionExpression: "attribute_not_exists(attemptId) AND #owner = :o",
            ExpressionAttributeNames: { "#owner": owner.attribute },
            ExpressionAttributeValues: { ":o": owner.id },
          }),
    },
  };
  if (claim.attemptId === undefined) return [del];
  return [
    del,
    {
      Put: {
        TableName: table,
        Item: {
          ...abortMarkerKey(claim.attemptId),
          abortedAt: lease.now(),
          expiresAt: Math.floor(lease.now() / 1000) + ABORT_MARKER_DAYS * 86_400,
        },
      },
    },
  ];
};

export const abortMarkerKey = (attemptId: string): ItemKey => ({ pk: ABORT_PARTITION, sk: attemptId });

/** The condition of a chunked change's final chunk: none of its claims was swept meanwhile. */
export const notAbortedCheck = (
  table: string,
  attemptId: string,
  explain: () => Promise<Error>,
): GuardedWrite => ({
  item: {
    ConditionCheck: {
      TableName: table,
      Key: abortMarkerKey(attemptId),
      ConditionExpression: "attribute_not_exists(pk)",
    },
  },
  explain,
});
