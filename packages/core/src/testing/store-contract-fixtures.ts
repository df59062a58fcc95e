import { randomUUID } from "node:crypto";
import { created } from "../execution/testing/execution-specification";
import {
  type AuditEntry,
  type ExecutionEvent,
  type ExecutionState,
  evolve,
  initialState,
  type ProtectionGroup,
  type RecoveryPlan,
  type ServerClaim,
  type SourceServer,
  type TargetAccount,
} from "../index";

/** Records the store contract suites write: fixed times, fresh ids. */

export const NOW = "2026-01-01T00:00:00.000Z";
export const sid = (n: number) => `s-${n.toString(16).padStart(17, "0")}`;
/** `count` consecutive server ids from `first` (they sort in the same order as their numbers). */
export const range = (first: number, count: number) =>
  Array.from({ length: count }, (_, i) => sid(first + i));

/** A new execution of one wave over `serverIds`: its first event, state and server claims. */
export function execution(serverIds: string[]): {
  first: ExecutionEvent;
  state: ExecutionState;
  claims: ServerClaim[];
} {
  const servers: SourceServer[] = serverIds.map((serverId) => ({
    serverId,
    hostname: `host-${serverId}`,
    accountId: "111111111111",
    region: "us-east-1",
    replicationState: "CONTINUOUS",
    tags: {},
  }));
  const first = created([{ servers }], { executionId: randomUUID(), planId: randomUUID() });
  const claims = servers.map(({ accountId, region, serverId }) => ({ accountId, region, serverId }));
  return { first, state: evolve(initialState(), first), claims };
}

/** Start and cancel: the events that take an execution to CANCELLED. */
export function finish(state: ExecutionState): { state: ExecutionState; events: ExecutionEvent[] } {
  const events: ExecutionEvent[] = [
    { type: "ExecutionStarted", at: NOW },
    { type: "CancelRequested", at: NOW, actor: "test" },
    { type: "ExecutionFinished", at: NOW, status: "CANCELLED" },
  ];
  return { state: events.reduce(evolve, state), events };
}

/** A retry: the finished execution becomes active again and must hold its servers again. */
export function retried(state: ExecutionState): { state: ExecutionState; events: ExecutionEvent[] } {
  const events: ExecutionEvent[] = [
    { type: "RetryStarted", at: NOW, actor: "test", attempt: 2, batches: [] },
  ];
  return { state: events.reduce(evolve, state), events };
}

export function group(o: Partial<ProtectionGroup> & { groupName: string }): ProtectionGroup {
  const serverIds = o.serverIds ?? (o.tagCriteria ? undefined : [sid(Math.floor(Math.random() * 2 ** 40))]);
  return {
    groupId: randomUUID(),
    accountId: "111111111111",
    region: "us-east-1",
    ...(serverIds ? { serverIds } : {}),
    serverCount: serverIds?.length ?? 0,
    version: 1,
    createdDate: NOW,
    lastModifiedDate: NOW,
    createdBy: "test",
    lastModifiedBy: "test",
    ...o,
  };
}

export function plan(o: { planName: string; groupIds: string[] }): RecoveryPlan {
  return {
    planId: randomUUID(),
    planName: o.planName,
    waves: [{ waveNumber: 1, protectionGroupIds: o.groupIds, pauseBeforeWave: false, onFailure: "STOP" }],
    version: 1,
    createdDate: NOW,
    lastModifiedDate: NOW,
    createdBy: "test",
    lastModifiedBy: "test",
  };
}

export function account(): TargetAccount {
  return {
    accountId: "222222222222",
    accountName: "Target",
    roleArn: "arn:aws:iam::222222222222:role/DRSOrchestrationCrossAccountRole",
    externalId: "drso-demo-external-id",
    regions: ["us-east-1"],
    validated: false,
    version: 1,
    createdDate: NOW,
    lastModifiedDate: NOW,
    createdBy: "test",
    lastModifiedBy: "test",
  };
}

export function audit(action: string, resourceId: string = randomUUID()): AuditEntry {
  return {
    auditId: randomUUID(),
    timestamp: NOW,
    actor: "test",
    action,
    resourceType: "protection-group",
    resourceId,
  };
}
