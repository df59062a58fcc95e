import { randomUUID } from "node:crypto";
import type { AuditEntry, ConfigStore, ProtectionGroup, RecoveryPlan } from "@drso/core";

/** An audit entry of test set-up, written with each seeded record as the store requires. */
export const setupAudit = (resourceId: string): AuditEntry => ({
  auditId: randomUUID(),
  timestamp: new Date().toISOString(),
  actor: "alice",
  action: "test-setup",
  resourceType: "recovery-plan",
  resourceId,
});

/**
 * Stores, straight through the store (as the API would after validation), one explicit-server
 * protection group per wave and a plan of those waves in order, each `onFailure: STOP`;
 * `waves[i]` holds the server ids of wave i + 1, `pauseBeforeWaves` the waves that wait for approval.
 */
export async function seedWavePlan(
  store: ConfigStore,
  options: {
    name: string;
    accountId: string;
    region: string;
    waves: string[][];
    pauseBeforeWaves?: number[];
  },
): Promise<RecoveryPlan> {
  const now = new Date().toISOString();
  const stamp = {
    version: 1,
    createdDate: now,
    lastModifiedDate: now,
    createdBy: "alice",
    lastModifiedBy: "alice",
  };
  const groupIds: string[] = [];
  for (const [i, serverIds] of options.waves.entries()) {
    const group: ProtectionGroup = {
      groupId: randomUUID(),
      groupName: options.waves.length === 1 ? options.name : `${options.name} ${i + 1}`,
      accountId: options.accountId,
      region: options.region,
      serverIds,
      serverCount: serverIds.length,
      ...stamp,
    };
    await store.createProtectionGroup(group, setupAudit(group.groupId));
    groupIds.push(group.groupId);
  }
  const plan: RecoveryPlan = {
    planId: randomUUID(),
    planName: options.name,
    waves: groupIds.map((groupId, i) => ({
      waveNumber: i + 1,
      waveName: `Wave ${i + 1}`,
      protectionGroupIds: [groupId],
      pauseBeforeWave: options.pauseBeforeWaves?.includes(i + 1) ?? false,
      onFailure: "STOP" as const,
    })),
    ...stamp,
  };
  await store.createRecoveryPlan(plan, setupAudit(plan.planId));
  return plan;
}
