import { type AuditEntry, NotFoundError, type Page, type PageRequest, type RecoveryPlan } from "@drso/core";
import { nameKey, PARTITION } from "./config-keys";
import type { ConfigRecords } from "./config-records";
import { transactWrite, withRaceRetry } from "./dynamodb-transaction";
import { nameWrites } from "./name-items";
import { groupIdsOf, planRefWrites } from "./plan-references";

/**
 * Recovery plans on DynamoDB: the plan item, its name item and the references it adds to or
 * removes from the groups its waves name, in one transaction.
 */
export class DynamoDbRecoveryPlans {
  constructor(private readonly records: ConfigRecords) {}

  list(page: PageRequest): Promise<Page<RecoveryPlan>> {
    return this.records.listRecords<RecoveryPlan>(PARTITION.plan, page);
  }

  async get(planId: string): Promise<RecoveryPlan | undefined> {
    return this.records.docOf<RecoveryPlan>(await this.records.getRecord(PARTITION.plan, planId));
  }

  create(plan: RecoveryPlan, audit: AuditEntry): Promise<void> {
    return withRaceRetry(async () => {
      await transactWrite(this.records.client, [
        this.records.putRecord(
          PARTITION.plan,
          plan.planId,
          plan,
          plan.version,
          nameKey(plan.planName),
          undefined,
          () => this.records.duplicateId("Recovery plan", plan.planId),
        ),
        ...nameWrites(
          this.records,
          PARTITION.planName,
          undefined,
          plan.planName,
          plan.planId,
          "recovery plan",
        ),
        ...planRefWrites(this.records, plan.planId, new Set(), groupIdsOf(plan)),
        this.records.auditWrite(audit),
      ]);
    });
  }

  update(plan: RecoveryPlan, expectedVersion: number, audit: AuditEntry): Promise<void> {
    return withRaceRetry(async () => {
      const current = await this.records.requireVersion(
        PARTITION.plan,
        "Recovery plan",
        plan.planId,
        expectedVersion,
      );
      const before = JSON.parse(current.doc) as RecoveryPlan;
      await transactWrite(this.records.client, [
        this.records.updateRecord(
          PARTITION.plan,
          plan.planId,
          plan,
          expectedVersion,
          nameKey(plan.planName),
          "Recovery plan",
        ),
        ...nameWrites(
          this.records,
          PARTITION.planName,
          before.planName,
          plan.planName,
          plan.planId,
          "recovery plan",
        ),
        ...planRefWrites(this.records, plan.planId, groupIdsOf(before), groupIdsOf(plan)),
        this.records.auditWrite(audit),
      ]);
    });
  }

  delete(planId: string, audit: AuditEntry): Promise<void> {
    return withRaceRetry(async () => {
      const current = await this.records.getRecord(PARTITION.plan, planId);
      if (!current) throw new NotFoundError("Recovery plan", planId);
      const plan = JSON.parse(current.doc) as RecoveryPlan;
      await transactWrite(this.records.client, [
        this.records.deleteRecord(PARTITION.plan, planId, current.version, "Recovery plan"),
        ...nameWrites(this.records, PARTITION.planName, plan.planName, undefined, planId, "recovery plan"),
        ...planRefWrites(this.records, planId, groupIdsOf(plan), new Set()),
        this.records.auditWrite(audit),
      ]);
    });
  }
}
