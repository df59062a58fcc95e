import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { type ProtectionGroup, ServerInOtherGroupError } from "@drso/core";
import type { ClaimWrite } from "./chunked-claim-write";
import {
  type ClaimLease,
  type ClaimStamp,
  isPending,
  type StoredClaimStamp,
  sweepClaim,
} from "./claim-lease";
import { PARTITION, serverClaimKey } from "./config-keys";
import type { ConfigRecords } from "./config-records";
import { type GuardedWrite, transactWrite } from "./dynamodb-transaction";
import type { ItemKey } from "./page-token";

/** The claim item keys of the servers `g` lists, by sort key. */
export const claimKeysOf = (g: ProtectionGroup): Map<string, ItemKey> =>
  new Map(
    (g.serverIds ?? []).map((id) => {
      const key = serverClaimKey(g.accountId, g.region, id);
      return [key.sk, key];
    }),
  );

/** The refusal of a claimed server, naming the group that holds it. */
export async function serverTaken(records: ConfigRecords, key: ItemKey): Promise<Error> {
  const claim = await records.client.send(
    new GetCommand({ TableName: records.tables.config, Key: key, ConsistentRead: true }),
  );
  const groupId = claim.Item?.groupId as string | undefined;
  const holder = groupId ? await records.getDoc<ProtectionGroup>(PARTITION.group, groupId) : undefined;
  const serverId = key.sk?.split("#")[2] ?? String(key.sk);
  return new ServerInOtherGroupError([
    { serverId, ...(groupId ? { groupId } : {}), ...(holder ? { groupName: holder.groupName } : {}) },
  ]);
}

/** A `SERVER` item: the protection group that holds the server, and who wrote the claim. */
interface GroupClaimItem extends StoredClaimStamp {
  groupId: string;
}

/**
 * One-server-per-group claims of protection groups (`SERVER` / `<account>#<region>#<server>`).
 * A group's claim is live when the group exists and lists the server, or while pending (see
 * `claim-lease.ts`); otherwise a write that needs the server sweeps it.
 */
export class GroupServerClaims {
  constructor(
    private readonly records: ConfigRecords,
    private readonly lease: ClaimLease,
  ) {}

  /** The claim puts for the servers `group` now holds and did not (`before`), the releases of the others. */
  changes(
    group: ProtectionGroup,
    before: Map<string, ItemKey>,
    stamp: ClaimStamp,
  ): { claims: ClaimWrite[]; releases: GuardedWrite[] } {
    const table = this.records.tables.config;
    const after = claimKeysOf(group);
    const claims: ClaimWrite[] = [];
    for (const [sk, key] of after) {
      if (before.has(sk)) continue;
      claims.push({
        key,
        item: {
          Put: {
            TableName: table,
            Item: { ...key, groupId: group.groupId, ...stamp },
            ConditionExpression: "attribute_not_exists(pk)",
          },
        },
        explain: () => serverTaken(this.records, key),
        reclaim: () => this.reclaim(key),
      });
    }
    const releases: GuardedWrite[] = [];
    for (const [sk, key] of before) {
      if (after.has(sk)) continue;
      // Only claims of this group made before the version now written: a later change of the
      // group may already have claimed the server again by the time a chunked release runs.
      releases.push({
        item: {
          Delete: {
            TableName: table,
            Key: key,
            ConditionExpression:
              "attribute_not_exists(pk) OR (groupId = :g AND (attribute_not_exists(claimVersion) OR claimVersion < :v))",
            ExpressionAttributeValues: { ":g": group.groupId, ":v": stamp.claimVersion },
          },
        },
      });
    }
    return { claims, releases };
  }

  /** Sweeps the claim on `key` when it is stale; true when the claim put can run again. */
  async reclaim(key: ItemKey): Promise<boolean> {
    const table = this.records.tables.config;
    const found = await this.records.client.send(
      new GetCommand({ TableName: table, Key: key, ConsistentRead: true }),
    );
    const claim = found.Item as GroupClaimItem | undefined;
    if (!claim) return true;
    const owner = await this.records.getRecord(PARTITION.group, claim.groupId);
    const ownerDoc = owner ? (JSON.parse(owner.doc) as ProtectionGroup) : undefined;
    const listed = ownerDoc ? claimKeysOf(ownerDoc).has(key.sk ?? "") : false;
    if (listed || isPending(claim, owner?.version, this.lease)) return false;
    try {
      await transactWrite(this.records.client, [
        ...sweepClaim(table, key, claim, { attribute: "groupId", id: claim.groupId }, this.lease).map(
          (item) => ({
            item,
          }),
        ),
      ]);
    } catch {
      // Someone else changed the claim meanwhile; the rerun of the put judges it again.
    }
    return true;
  }
}
