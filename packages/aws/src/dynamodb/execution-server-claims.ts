import { BatchGetCommand, type DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import {
  type ExecutionState,
  type ExecutionStatus,
  isTerminalExecutionStatus,
  type ServerClaim,
  type ServerConflict,
  ServerInActiveExecutionError,
} from "@drso/core";
import type { ClaimWrite } from "./chunked-claim-write";
import {
  type ClaimLease,
  type ClaimStamp,
  isPending,
  type StoredClaimStamp,
  sweepClaim,
} from "./claim-lease";
import { type GuardedWrite, transactWrite } from "./dynamodb-transaction";

/** `CLAIM` / `<account>#<region>#<server>`: the execution holding a server while it is active. */
export const claimKey = (c: ServerClaim) => ({ pk: "CLAIM", sk: `${c.accountId}#${c.region}#${c.serverId}` });

interface ClaimItem extends StoredClaimStamp {
  executionId: string;
  planId?: string;
  planName?: string;
}

/** What the claims need to know of their owners, read by the execution store. */
export interface ClaimOwners {
  item(executionId: string): Promise<{ eventCount: number; status: ExecutionStatus } | undefined>;
  states(executionIds: readonly string[]): Promise<Map<string, ExecutionState>>;
}

/**
 * The server claims of executions (one active execution per server), stamped as `claim-lease.ts`
 * describes: live while the execution is unfinished, pending while it is not yet written at the
 * claimed event count and the lease runs, stale otherwise (swept by the next claim put).
 */
export class ExecutionServerClaims {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly lease: ClaimLease,
    private readonly owners: ClaimOwners,
  ) {}

  async findConflicts(claims: readonly ServerClaim[]): Promise<ServerConflict[]> {
    const holders = new Map<string, ClaimItem>();
    for (let i = 0; i < claims.length; i += 100) {
      const keys = claims.slice(i, i + 100).map(claimKey);
      let request: Record<string, { Keys: Record<string, unknown>[]; ConsistentRead: boolean }> | undefined =
        {
          [this.table]: { Keys: keys, ConsistentRead: true },
        };
      while (request && Object.keys(request).length > 0) {
        const result = await this.client.send(new BatchGetCommand({ RequestItems: request }));
        for (const item of result.Responses?.[this.table] ?? [])
          holders.set(item.sk as string, item as ClaimItem);
        request = result.UnprocessedKeys as typeof request;
      }
    }
    const states = await this.owners.states([...new Set([...holders.values()].map((h) => h.executionId))]);
    return claims.flatMap((c) => {
      const holder = holders.get(claimKey(c).sk);
      if (!holder) return [];
      const s = states.get(holder.executionId);
      const { executionId } = holder;
      if (s && !isTerminalExecutionStatus(s.status))
        return [{ ...c, executionId, planId: s.planId, planName: s.planName, status: s.status }];
      // Not written yet: a chunked start in progress holds its servers until it commits or its
      // lease runs out. (A retry reclaiming a finished execution is not reported here; its claim
      // puts still refuse.)
      if (!s && isPending(holder, undefined, this.lease))
        return [
          {
            ...c,
            executionId,
            planId: holder.planId ?? "",
            planName: holder.planName ?? "",
            status: "PENDING",
          },
        ];
      return [];
    });
  }

  claimWrites(state: ExecutionState, claims: readonly ServerClaim[], stamp: ClaimStamp): ClaimWrite[] {
    const executionId = state.executionId;
    return claims.map((c) => ({
      key: claimKey(c),
      item: {
        Put: {
          TableName: this.table,
          Item: { ...claimKey(c), executionId, planId: state.planId, planName: state.planName, ...stamp },
          ConditionExpression: "attribute_not_exists(pk)",
        },
      },
      reclaim: () => this.reclaim(claimKey(c)),
      explain: async () => {
        const conflicts = (await this.findConflicts(claims)).filter((x) => x.executionId !== executionId);
        return new ServerInActiveExecutionError(conflicts);
      },
    }));
  }

  /** Releases the claims made up to event `count` (a retry may have claimed the servers again since). */
  releaseWrites(executionId: string, claims: readonly ServerClaim[], count: number): GuardedWrite[] {
    return claims.map((c) => ({
      item: {
        Delete: {
          TableName: this.table,
          Key: claimKey(c),
          ConditionExpression:
            "attribute_not_exists(pk) OR (executionId = :me AND (attribute_not_exists(claimVersion) OR claimVersion <= :n))",
          ExpressionAttributeValues: { ":me": executionId, ":n": count },
        },
      },
    }));
  }

  /**
   * Sweeps the claim on `key` when stale: its execution is finished (and not being retried) or was
   * never written and the lease ran out. True when the claim put can run again.
   */
  private async reclaim(key: { pk: string; sk: string }): Promise<boolean> {
    const table = this.table;
    const found = await this.client.send(
      new GetCommand({ TableName: table, Key: key, ConsistentRead: true }),
    );
    const claim = found.Item as ClaimItem | undefined;
    if (!claim) return true;
    const owner = await this.owners.item(claim.executionId);
    if (owner && !isTerminalExecutionStatus(owner.status)) return false;
    if (isPending(claim, owner?.eventCount, this.lease)) return false;
    try {
      await transactWrite(
        this.client,
        sweepClaim(table, key, claim, { attribute: "executionId", id: claim.executionId }, this.lease).map(
          (item) => ({ item }),
        ),
      );
    } catch {
      // Changed meanwhile; the rerun of the put judges it again.
    }
    return true;
  }
}
