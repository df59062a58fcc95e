/**
 * Chunked server claims on DynamoDB Local (`npm run bench:claims -w packages/aws`): how long the
 * store takes to claim and release the servers of a 3,000-server protection group and execution,
 * and to refuse a 3,000-server group whose last chunk conflicts (rollback included). Prints
 * figures; asserts nothing. DynamoDB Local on the JVM is slower per call than DynamoDB itself.
 */
import { randomUUID } from "node:crypto";
import {
  type AuditEntry,
  compilePlan,
  DEFAULT_DRS_QUOTAS,
  type ExecutionEvent,
  evolve,
  initialState,
  type ProtectionGroup,
  type RecoveryPlan,
} from "@drso/core";
import { DynamoDbConfigStore } from "../src/dynamodb/dynamodb-config-store";
import { DynamoDbExecutionStore } from "../src/dynamodb/dynamodb-execution-store";
import { startDynamoDbLocal } from "../src/testing/dynamodb-local";

const SERVERS = 3000;
const NOW = new Date().toISOString();
const sid = (n: number) => `s-${n.toString(16).padStart(17, "0")}`;
const range = (first: number, count: number) => Array.from({ length: count }, (_, i) => sid(first + i));
const audit = (): AuditEntry => ({
  auditId: randomUUID(),
  timestamp: NOW,
  actor: "bench",
  action: "bench",
  resourceType: "protection-group",
  resourceId: "bench",
});
const group = (groupName: string, serverIds: string[]): ProtectionGroup => ({
  groupId: randomUUID(),
  groupName,
  accountId: "111111111111",
  region: "us-east-1",
  serverIds,
  serverCount: serverIds.length,
  version: 1,
  createdDate: NOW,
  lastModifiedDate: NOW,
  createdBy: "bench",
  lastModifiedBy: "bench",
});
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const timed = async (label: string, work: () => Promise<unknown>) => {
  const t = process.hrtime.bigint();
  const outcome = await work().then(
    () => "ok",
    (e: unknown) => (e as { code?: string }).code ?? String(e),
  );
  console.log(`${label.padEnd(58)} ${ms(t).toFixed(0).padStart(6)} ms  (${outcome})`);
};

const local = await startDynamoDbLocal();
const { client, tables, drop } = await local.createTables();
try {
  const config = new DynamoDbConfigStore(client, tables);
  const executions = new DynamoDbExecutionStore(client, tables);
  const big = group("Big", range(0, SERVERS));
  await timed(`create a ${SERVERS}-server group (${Math.ceil(SERVERS / 99)} chunks)`, () =>
    config.createProtectionGroup(big, audit()),
  );
  await timed(`update it: release 1,000 servers, claim 1,000 others`, () =>
    config.updateProtectionGroup({ ...big, serverIds: range(1000, SERVERS), version: 2 }, 1, audit()),
  );
  await timed("delete it (releases after the commit)", () =>
    config.deleteProtectionGroup(big.groupId, audit()),
  );
  await config.createProtectionGroup(group("Blocker", [sid(SERVERS - 1)]), audit());
  await timed(`refuse a ${SERVERS}-server group conflicting in its last chunk`, () =>
    config.createProtectionGroup(group("Refused", range(0, SERVERS)), audit()),
  );

  const servers = range(10_000, SERVERS).map((serverId) => ({
    serverId,
    hostname: serverId,
    accountId: "111111111111",
    region: "us-east-1",
    replicationState: "CONTINUOUS" as const,
    tags: {},
  }));
  const plan: RecoveryPlan = {
    planId: randomUUID(),
    planName: "Bench",
    waves: [{ waveNumber: 1, protectionGroupIds: ["g"], pauseBeforeWave: false, onFailure: "STOP" as const }],
    version: 1,
    createdDate: NOW,
    lastModifiedDate: NOW,
    createdBy: "bench",
    lastModifiedBy: "bench",
  };
  const first: ExecutionEvent = {
    type: "ExecutionCreated",
    at: NOW,
    actor: "bench",
    executionId: randomUUID(),
    planId: plan.planId,
    planName: plan.planName,
    executionType: "DRILL",
    planSnapshot: plan,
    settings: {
      quotas: DEFAULT_DRS_QUOTAS,
      healthCheckTimeoutSeconds: 600,
      pollMinMs: 1000,
      pollMaxMs: 15_000,
    },
    compiled: compilePlan(plan, new Map([["g", servers]]), DEFAULT_DRS_QUOTAS),
  };
  const state = evolve(initialState(), first);
  const claims = servers.map(({ accountId, region, serverId }) => ({ accountId, region, serverId }));
  await timed(`start a ${SERVERS}-server execution (claims + state)`, () =>
    executions.create(state, first, claims, audit()),
  );
  const done: ExecutionEvent[] = [
    { type: "ExecutionStarted", at: NOW },
    { type: "CancelRequested", at: NOW, actor: "bench" },
    { type: "ExecutionFinished", at: NOW, status: "CANCELLED" },
  ];
  await timed("finish it (releases after the commit)", () =>
    executions.append(done.reduce(evolve, state), done),
  );
} finally {
  await drop();
  await local.stop();
}
