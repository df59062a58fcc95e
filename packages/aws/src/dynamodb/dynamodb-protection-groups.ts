import { randomUUID } from "node:crypto";
import {
  type AuditEntry,
  NotFoundError,
  type Page,
  type PageRequest,
  type ProtectionGroup,
  StaleVersionError,
} from "@drso/core";
import { type ClaimedChange, writeClaimedChange } from "./chunked-claim-write";
import type { ClaimLease, ClaimStamp } from "./claim-lease";
import { nameKey, PARTITION, recordKey } from "./config-keys";
import type { ConfigRecords } from "./config-records";
import { type GuardedWrite, withRaceRetry } from "./dynamodb-transaction";
import { claimKeysOf, GroupServerClaims } from "./group-server-claims";
import { nameWrites } from "./name-items";
import type { ItemKey } from "./page-token";
import { groupInUse } from "./plan-references";

/**
 * Protection groups on DynamoDB: the group item, its name item and its server claims change in
 * one transaction (claims in chunks first when they do not fit, `chunked-claim-write.ts`).
 */
export class DynamoDbProtectionGroups {
  private readonly claims: GroupServerClaims;

  constructor(
    private readonly records: ConfigRecords,
    private readonly lease: ClaimLease,
  ) {
    this.claims = new GroupServerClaims(records, lease);
  }

  list(page: PageRequest): Promise<Page<ProtectionGroup>> {
    return this.records.listRecords<ProtectionGroup>(PARTITION.group, page);
  }

  async get(groupId: string): Promise<ProtectionGroup | undefined> {
    return this.records.docOf<ProtectionGroup>(await this.records.getRecord(PARTITION.group, groupId));
  }

  create(group: ProtectionGroup, audit: AuditEntry): Promise<void> {
    return withRaceRetry(async () => {
      const commit = [
        this.records.putRecord(
          PARTITION.group,
          group.groupId,
          group,
          group.version,
          nameKey(group.groupName),
          undefined,
          () => this.records.duplicateId("Protection group", group.groupId),
        ),
        ...nameWrites(
          this.records,
          PARTITION.groupName,
          undefined,
          group.groupName,
          group.groupId,
          "protection group",
        ),
        this.records.auditWrite(audit),
      ];
      await writeClaimedChange(this.records.client, this.change(group, new Map(), group.version, commit));
    });
  }

  update(group: ProtectionGroup, expectedVersion: number, audit: AuditEntry): Promise<void> {
    return withRaceRetry(async () => {
      const current = await this.records.requireVersion(
        PARTITION.group,
        "Protection group",
        group.groupId,
        expectedVersion,
      );
      const before = JSON.parse(current.doc) as ProtectionGroup;
      const commit = [
        this.records.updateRecord(
          PARTITION.group,
          group.groupId,
          group,
          expectedVersion,
          nameKey(group.groupName),
          "Protection group",
        ),
        ...nameWrites(
          this.records,
          PARTITION.groupName,
          before.groupName,
          group.groupName,
          group.groupId,
          "protection group",
        ),
        this.records.auditWrite(audit),
      ];
      await writeClaimedChange(
        this.records.client,
        this.change(group, claimKeysOf(before), group.version, commit),
      );
    });
  }

  delete(groupId: string, audit: AuditEntry): Promise<void> {
    return withRaceRetry(async () => {
      const current = await this.records.getRecord(PARTITION.group, groupId);
      if (!current) throw new NotFoundError("Protection group", groupId);
      if (current.planRefs && current.planRefs.size > 0)
        throw await groupInUse(this.records, groupId, current.planRefs);
      const group = JSON.parse(current.doc) as ProtectionGroup;
      const commit: GuardedWrite[] = [
        {
          item: {
            Delete: {
              TableName: this.records.tables.config,
              Key: recordKey(PARTITION.group, groupId),
              ConditionExpression: "version = :v AND attribute_not_exists(planRefs)",
              ExpressionAttributeValues: { ":v": current.version },
            },
          },
          explain: async () => {
            const now = await this.records.getRecord(PARTITION.group, groupId);
            if (!now) return new NotFoundError("Protection group", groupId);
            if (now.planRefs && now.planRefs.size > 0) return groupInUse(this.records, groupId, now.planRefs);
            return new StaleVersionError("Protection group", groupId, current.version, now.version);
          },
        },
        ...nameWrites(
          this.records,
          PARTITION.groupName,
          group.groupName,
          undefined,
          groupId,
          "protection group",
        ),
        this.records.auditWrite(audit),
      ];
      // Releases only claims made up to the deleted version.
      const released = { ...group, serverIds: [] };
      await writeClaimedChange(
        this.records.client,
        this.change(released, claimKeysOf(group), current.version + 1, commit),
      );
    });
  }

  /** One change of a group's server set: its claims and releases around the commit writes. */
  private change(
    group: ProtectionGroup,
    before: Map<string, ItemKey>,
    claimVersion: number,
    commit: GuardedWrite[],
  ): ClaimedChange {
    const stamp: ClaimStamp = { attemptId: randomUUID(), claimVersion, claimedAt: this.lease.now() };
    const { claims, releases } = this.claims.changes(group, before, stamp);
    return { table: this.records.tables.config, attemptId: stamp.attemptId, claims, commit, releases };
  }
}
