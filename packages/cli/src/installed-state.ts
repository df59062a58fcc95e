import { documentFromRecords, type PlanDocument, type ProtectionGroup, type RecoveryPlan } from "@drso/core";
import type { ApiClient } from "./api-client";

const key = (name: string) => name.trim().toLowerCase();

/** What the installation holds now, as records (ids, versions) and as a plan document. */
export class InstalledState {
  readonly document: PlanDocument;
  private readonly groupsByName: Map<string, ProtectionGroup>;
  private readonly plansByName: Map<string, RecoveryPlan>;

  constructor(
    readonly groups: ProtectionGroup[],
    readonly plans: RecoveryPlan[],
  ) {
    this.document = documentFromRecords(groups, plans);
    this.groupsByName = new Map(groups.map((g) => [key(g.groupName), g]));
    this.plansByName = new Map(plans.map((p) => [key(p.planName), p]));
  }

  static async load(client: ApiClient): Promise<InstalledState> {
    const [groups, plans] = await Promise.all([
      client.listAll<ProtectionGroup>("/protection-groups"),
      client.listAll<RecoveryPlan>("/recovery-plans"),
    ]);
    return new InstalledState(groups, plans);
  }

  group(name: string): ProtectionGroup | undefined {
    return this.groupsByName.get(key(name));
  }

  plan(name: string): RecoveryPlan | undefined {
    return this.plansByName.get(key(name));
  }

  rememberGroup(group: ProtectionGroup): void {
    this.groupsByName.set(key(group.groupName), group);
  }
}
