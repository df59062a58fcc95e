import type { AuditEntry, ConfigBundle, ProtectionGroup, RecoveryPlan } from "@drso/core";
import { nameKey, PARTITION, recordKey } from "./config-keys";
import type { ConfigRecords, RecordItem } from "./config-records";
import type { GuardedWrite } from "./dynamodb-transaction";
import { claimKeysOf, serverTaken } from "./group-server-claims";
import { duplicateName } from "./name-items";
import type { ItemKey } from "./page-token";
import { groupIdsOf, refUpdate, unknownGroup } from "./plan-references";

/**
 * `POST /config/import` on DynamoDB: the whole bundle as one transaction. Records are upserted by
 * id (new: version 1, existing: version + 1); names and server claims may move between records of
 * the bundle, so their items are written for the bundle as a whole, not record by record.
 */
export class ConfigImport {
  constructor(private readonly records: ConfigRecords) {}

  /** The writes of one attempt, from the state read now; the caller runs them as one transaction. */
  async writes(bundle: ConfigBundle, audit: AuditEntry): Promise<GuardedWrite[]> {
    const writes: GuardedWrite[] = [];
    for (const account of bundle.targetAccounts) {
      const current = await this.records.getRecord(PARTITION.account, account.accountId);
      writes.push(
        this.records.upsertWrite(
          PARTITION.account,
          account.accountId,
          account,
          current,
          undefined,
          "Target account",
        ),
      );
    }

    // Current state of every group the bundle touches, so claims and names move as one change.
    const bundleGroupIds = bundle.protectionGroups.map((g) => g.groupId);
    const currentGroups = new Map<string, RecordItem>();
    for (const id of bundleGroupIds) {
      const item = await this.records.getRecord(PARTITION.group, id);
      if (item) currentGroups.set(id, item);
    }
    const planRefDelta = await this.importPlanRefDelta(bundle.recoveryPlans);
    for (const group of bundle.protectionGroups) {
      const current = currentGroups.get(group.groupId);
      const refs = new Set(current?.planRefs ?? []);
      for (const planId of planRefDelta.get(group.groupId)?.removed ?? []) refs.delete(planId);
      for (const planId of planRefDelta.get(group.groupId)?.added ?? []) refs.add(planId);
      planRefDelta.delete(group.groupId);
      writes.push(
        this.records.upsertWrite(
          PARTITION.group,
          group.groupId,
          group,
          current,
          nameKey(group.groupName),
          "Protection group",
          refs,
        ),
      );
    }
    writes.push(
      ...this.bundleNameWrites(
        PARTITION.groupName,
        bundle.protectionGroups.map((g) => ({ id: g.groupId, name: g.groupName })),
        [...currentGroups.values()].map((i) => ({
          id: i.sk,
          name: (JSON.parse(i.doc) as ProtectionGroup).groupName,
        })),
        "protection group",
      ),
      ...this.bundleClaimWrites(
        bundle.protectionGroups,
        [...currentGroups.values()].map((i) => JSON.parse(i.doc) as ProtectionGroup),
      ),
    );

    const currentPlans: { id: string; name: string }[] = [];
    for (const plan of bundle.recoveryPlans) {
      const current = await this.records.getRecord(PARTITION.plan, plan.planId);
      if (current)
        currentPlans.push({ id: plan.planId, name: (JSON.parse(current.doc) as RecoveryPlan).planName });
      writes.push(
        this.records.upsertWrite(
          PARTITION.plan,
          plan.planId,
          plan,
          current,
          nameKey(plan.planName),
          "Recovery plan",
        ),
      );
    }
    writes.push(
      ...this.bundleNameWrites(
        PARTITION.planName,
        bundle.recoveryPlans.map((p) => ({ id: p.planId, name: p.planName })),
        currentPlans,
        "recovery plan",
      ),
    );
    // Groups outside the bundle: reference changes must find the group (else the plan is refused).
    for (const [groupId, delta] of planRefDelta) {
      if (delta.added.length > 0 && delta.removed.length > 0) {
        // One update cannot both ADD to and DELETE from a set: write the resulting set instead.
        const current = await this.records.getRecord(PARTITION.group, groupId);
        if (!current) throw unknownGroup(groupId);
        const refs = new Set(current.planRefs ?? []);
        for (const id of delta.removed) refs.delete(id);
        for (const id of delta.added) refs.add(id);
        const group = JSON.parse(current.doc) as ProtectionGroup;
        writes.push(
          this.records.updateRecord(
            PARTITION.group,
            groupId,
            group,
            current.version,
            undefined,
            "Protection group",
            refs,
          ),
        );
      } else {
        writes.push(...refUpdate(this.records, groupId, delta.added, delta.removed));
      }
    }
    writes.push(this.records.auditWrite(audit));
    return writes;
  }

  private async importPlanRefDelta(
    plans: RecoveryPlan[],
  ): Promise<Map<string, { added: string[]; removed: string[] }>> {
    const delta = new Map<string, { added: string[]; removed: string[] }>();
    const entry = (groupId: string) => {
      const existing = delta.get(groupId);
      if (existing) return existing;
      const created = { added: [] as string[], removed: [] as string[] };
      delta.set(groupId, created);
      return created;
    };
    for (const plan of plans) {
      const current = this.records.docOf<RecoveryPlan>(
        await this.records.getRecord(PARTITION.plan, plan.planId),
      );
      const before = current ? groupIdsOf(current) : new Set<string>();
      const after = groupIdsOf(plan);
      for (const g of after) if (!before.has(g)) entry(g).added.push(plan.planId);
      for (const g of before) if (!after.has(g)) entry(g).removed.push(plan.planId);
    }
    return delta;
  }

  /** Import: names of many records move at once, so a name may pass from one bundle record to another. */
  private bundleNameWrites(
    partition: string,
    desired: { id: string; name: string }[],
    current: { id: string; name: string }[],
    kind: string,
  ): GuardedWrite[] {
    const ids = [...new Set([...desired.map((d) => d.id), ...current.map((c) => c.id)])];
    const owners = Object.fromEntries(ids.map((id, i) => [`:o${i}`, id]));
    const ownedByBundle = `ownerId IN (${Object.keys(owners).join(", ")})`;
    const wanted = new Map(desired.map((d) => [nameKey(d.name), d]));
    const writes: GuardedWrite[] = [];
    for (const [key, d] of wanted) {
      writes.push({
        item: {
          Put: {
            TableName: this.records.tables.config,
            Item: { ...recordKey(partition, key), ownerId: d.id, name: d.name.trim() },
            ConditionExpression: `attribute_not_exists(pk) OR ${ownedByBundle}`,
            ExpressionAttributeValues: owners,
          },
        },
        explain: () => duplicateName(this.records, partition, d.name, kind),
      });
    }
    for (const c of current) {
      if (wanted.has(nameKey(c.name))) continue;
      writes.push({
        item: {
          Delete: {
            TableName: this.records.tables.config,
            Key: recordKey(partition, nameKey(c.name)),
            ConditionExpression: "ownerId = :owner",
            ExpressionAttributeValues: { ":owner": c.id },
          },
        },
      });
    }
    return writes;
  }

  private bundleClaimWrites(desired: ProtectionGroup[], current: ProtectionGroup[]): GuardedWrite[] {
    const ids = [...new Set([...desired, ...current].map((g) => g.groupId))];
    const owners = Object.fromEntries(ids.map((id, i) => [`:g${i}`, id]));
    const wanted = new Map<string, { key: ItemKey; groupId: string }>();
    for (const g of desired)
      for (const [sk, key] of claimKeysOf(g)) wanted.set(sk, { key, groupId: g.groupId });
    const writes: GuardedWrite[] = [];
    for (const { key, groupId } of wanted.values()) {
      writes.push({
        item: {
          Put: {
            TableName: this.records.tables.config,
            Item: { ...key, groupId },
            ConditionExpression: `attribute_not_exists(pk) OR groupId IN (${Object.keys(owners).join(", ")})`,
            ExpressionAttributeValues: owners,
          },
        },
        explain: () => serverTaken(this.records, key),
      });
    }
    for (const g of current) {
      for (const [sk, key] of claimKeysOf(g)) {
        if (wanted.has(sk)) continue;
        writes.push({
          item: {
            Delete: {
              TableName: this.records.tables.config,
              Key: key,
              ConditionExpression: "groupId = :g",
              ExpressionAttributeValues: { ":g": g.groupId },
            },
          },
        });
      }
    }
    return writes;
  }
}
