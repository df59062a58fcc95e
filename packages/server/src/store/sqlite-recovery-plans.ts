import {
  NotFoundError,
  nameKey,
  type Page,
  type PageRequest,
  type RecoveryPlan,
  UnknownProtectionGroupError,
} from "@drso/core";
import type { SqliteConfigTables } from "./sqlite-config-tables";

/**
 * Recovery plans on SQLite: the `recovery_plans` rows and the `plan_groups` rows that link a plan
 * to the groups its waves name (a group is not deleted while linked). Callers run these inside
 * their transaction.
 */
export class SqliteRecoveryPlans {
  constructor(private readonly tables: SqliteConfigTables) {}

  list(page: PageRequest): Page<RecoveryPlan> {
    return this.tables.page<RecoveryPlan>("recovery_plans", page);
  }

  get(planId: string): RecoveryPlan | undefined {
    return this.tables.getDoc<RecoveryPlan>("SELECT doc FROM recovery_plans WHERE plan_id = ?", planId);
  }

  version(planId: string): number | undefined {
    return this.tables.currentVersion("recovery_plans", "plan_id", planId);
  }

  checkVersion(planId: string, expected: number): void {
    this.tables.checkVersion("recovery_plans", "plan_id", "Recovery plan", planId, expected);
  }

  insert(plan: RecoveryPlan): void {
    this.checkUniqueName(plan);
    this.checkGroupsExist(plan);
    this.tables
      .stmt("INSERT INTO recovery_plans (plan_id, name_key, version, doc) VALUES (?, ?, ?, ?)")
      .run(plan.planId, nameKey(plan.planName), plan.version, JSON.stringify(plan));
    this.linkGroups(plan);
  }

  replace(plan: RecoveryPlan): void {
    this.checkUniqueName(plan);
    this.checkGroupsExist(plan);
    this.tables
      .stmt("UPDATE recovery_plans SET name_key = ?, version = ?, doc = ? WHERE plan_id = ?")
      .run(nameKey(plan.planName), plan.version, JSON.stringify(plan), plan.planId);
    this.tables.stmt("DELETE FROM plan_groups WHERE plan_id = ?").run(plan.planId);
    this.linkGroups(plan);
  }

  delete(planId: string): void {
    if (!this.tables.exists("recovery_plans", "plan_id", planId))
      throw new NotFoundError("Recovery plan", planId);
    this.tables.stmt("DELETE FROM plan_groups WHERE plan_id = ?").run(planId);
    this.tables.stmt("DELETE FROM recovery_plans WHERE plan_id = ?").run(planId);
  }

  private checkUniqueName(plan: RecoveryPlan): void {
    this.tables.checkUniqueName("recovery_plans", "plan_id", plan.planId, plan.planName, "recovery plan");
  }

  /** Guards the race "group deleted between validation and write". */
  private checkGroupsExist(plan: RecoveryPlan): void {
    const ids = [...new Set(plan.waves.flatMap((w) => w.protectionGroupIds))];
    const missing = ids.filter((id) => !this.tables.exists("protection_groups", "group_id", id));
    if (missing.length > 0) throw new UnknownProtectionGroupError(missing);
  }

  private linkGroups(plan: RecoveryPlan): void {
    const link = this.tables.stmt("INSERT OR IGNORE INTO plan_groups (plan_id, group_id) VALUES (?, ?)");
    for (const id of new Set(plan.waves.flatMap((w) => w.protectionGroupIds))) link.run(plan.planId, id);
  }
}
