import { randomUUID } from "node:crypto";
import {
  type Actor,
  compilePlan,
  type ExcludedServer,
  type ExecutionEvent,
  type ExecutionSettings,
  type ExecutionState,
  type ExecutionType,
  evolve,
  initialState,
  matchesTags,
  NotFoundError,
  type ProtectionGroup,
  QuotaExceededError,
  recoversFromLastSnapshot,
  ServerInActiveExecutionError,
  ServerInTwoWavesError,
  type SourceServer,
  serversInTwoGroups,
  ValidationError,
} from "@drso/core";
import { auditEntry } from "../audit-entry";
import { listOncePerAccountRegion } from "../source-server-listings";
import type { ExecutionStarterDeps } from "./executions-runtime";
import { applyGroupLaunchSettings } from "./group-launch-settings";
import { validateWavesAgainstStore } from "./recovery-plans";
import { assertRecoveryPointInPast, chooseRecoverySnapshots } from "./recovery-point-choice";

export type { ExecutionStarterDeps } from "./executions-runtime";

/**
 * Start checks, answered with reasons before anything launches: the plan is valid,
 * its servers exist and replicate, there is quota headroom, and no other active execution holds
 * any of them — the last enforced by the store's transactional claim, not a read-then-write.
 */
export async function createExecution(
  deps: ExecutionStarterDeps,
  planId: string,
  executionType: ExecutionType,
  actor: Actor,
  options: { pointInTime?: Date; allowDegraded?: boolean; excludeServers?: readonly string[] } = {},
): Promise<ExecutionState> {
  if (options.pointInTime) assertRecoveryPointInPast(options.pointInTime, deps.now());
  const plan = await deps.store.getRecoveryPlan(planId);
  if (!plan) throw new NotFoundError("Recovery plan", planId);
  await validateWavesAgainstStore(deps.store, plan.waves);
  const settings = await deps.store.getSettings();

  const groupServers = new Map<string, SourceServer[]>();
  const listOnce = listOncePerAccountRegion(deps.catalog);
  const groups: ProtectionGroup[] = [];
  const missing: { groupId: string; serverId: string }[] = [];
  for (const groupId of new Set(plan.waves.flatMap((w) => w.protectionGroupIds))) {
    const group = await deps.store.getProtectionGroup(groupId);
    if (!group) throw new NotFoundError("Protection group", groupId);
    groups.push(group);
    if (group.serverIds) {
      const found = await deps.catalog.getSourceServers(group.accountId, group.region, group.serverIds);
      const ids = new Set(found.map((s) => s.serverId));
      for (const id of group.serverIds) if (!ids.has(id)) missing.push({ groupId, serverId: id });
      groupServers.set(groupId, found);
    } else {
      const all = await listOnce(group.accountId, group.region);
      groupServers.set(
        groupId,
        all.filter((s) => matchesTags(s, group.tagCriteria ?? {})),
      );
    }
  }
  const excludedServers = excludeServers(groupServers, missing, options.excludeServers ?? []);
  const twice = serversInTwoGroups(plan, groupServers, new Map(groups.map((g) => [g.groupId, g.groupName])));
  if (twice.length > 0) throw new ServerInTwoWavesError(twice);
  const servers = [...new Map([...groupServers.values()].flat().map((s) => [s.serverId, s])).values()];
  // A server whose replication is not live (the source is down, replication stalled…) launches
  // from its newest recovery snapshot: a recovery goes ahead, a drill only when the operator allows it.
  const degraded = servers.filter((s) => recoversFromLastSnapshot(s.replicationState));
  const unhealthy = degraded.map((s) => ({
    serverId: s.serverId,
    hostname: s.hostname,
    replicationState: s.replicationState,
  }));
  const refuseDegraded = executionType === "DRILL" && unhealthy.length > 0 && !options.allowDegraded;
  if (missing.length > 0 || refuseDegraded) {
    const parts = [
      ...(missing.length ? [`${missing.length} server(s) no longer exist in DRS`] : []),
      ...(refuseDegraded
        ? [
            `${unhealthy.length} server(s) do not replicate live (${unhealthy.map((u) => `${u.hostname}: ${u.replicationState}`).join(", ")}); set allowDegraded to drill them from their last recovery snapshot, or excludeServers to leave them out`,
          ]
        : []),
    ];
    throw new ValidationError(
      `Cannot start: ${parts.join("; ")}`,
      { missing, unhealthy },
      "SERVERS_NOT_READY",
    );
  }
  if (servers.length === 0) {
    throw new ValidationError("Cannot start: the plan's protection groups match no server", {}, "NO_SERVERS");
  }

  const claims = servers.map((s) => ({ accountId: s.accountId, region: s.region, serverId: s.serverId }));
  const conflicts = await deps.executions.findConflicts(claims);
  if (conflicts.length > 0) throw new ServerInActiveExecutionError(conflicts);
  await checkQuotaHeadroom(deps, servers, settings.quotas.maxRecoveryInstances);
  // Chosen before launch settings change anything, so a refusal leaves DRS untouched.
  const recoveryPoints = options.pointInTime
    ? await chooseRecoverySnapshots(deps.launcher, servers, options.pointInTime, deps.now())
    : degraded.length > 0 && deps.launcher?.listRecoverySnapshots
      ? await chooseRecoverySnapshots(deps.launcher, degraded, deps.now(), deps.now(), "newest")
      : undefined;
  const launchSettingsApplied = deps.launchSettings
    ? await applyGroupLaunchSettings(deps.launchSettings, groups, groupServers, deps.launchInventory)
    : [];

  const now = deps.now();
  const executionSettings: ExecutionSettings = {
    quotas: settings.quotas,
    healthCheckTimeoutSeconds: settings.healthCheckTimeoutSeconds,
    pollMinMs: deps.pollMinMs,
    pollMaxMs: deps.pollMaxMs,
  };
  const first: ExecutionEvent = {
    type: "ExecutionCreated",
    at: now.toISOString(),
    actor: actor.username,
    executionId: randomUUID(),
    planId: plan.planId,
    planName: plan.planName,
    executionType,
    planSnapshot: plan,
    settings: executionSettings,
    compiled: compilePlan(plan, groupServers, settings.quotas, recoveryPoints),
    ...(launchSettingsApplied.length > 0 && { launchSettingsApplied }),
    ...(options.pointInTime && { pointInTime: options.pointInTime.toISOString() }),
    ...(options.allowDegraded && { allowDegraded: true }),
    ...(excludedServers.length > 0 && { excludedServers }),
  };
  const state = evolve(initialState(), first);
  await deps.executions.create(
    state,
    first,
    claims,
    auditEntry(
      actor.username,
      "StartExecution",
      "execution",
      state.executionId,
      {},
      {
        planId,
        executionType,
        ...(options.pointInTime && { pointInTime: options.pointInTime.toISOString() }),
        ...(options.allowDegraded && { allowDegraded: true }),
        ...(excludedServers.length > 0 && { excludeServers: excludedServers.map((x) => x.serverId) }),
      },
      now,
    ),
  );
  return state;
}

/**
 * Takes the servers the operator left out of the run out of `groupServers` and `missing` (in
 * place) and names them for the record; an id the plan does not contain is refused (400).
 */
function excludeServers(
  groupServers: Map<string, SourceServer[]>,
  missing: { groupId: string; serverId: string }[],
  ids: readonly string[],
): ExcludedServer[] {
  if (ids.length === 0) return [];
  const wanted = new Set(ids);
  const excluded = new Map<string, ExcludedServer>();
  for (const [groupId, list] of groupServers) {
    for (const s of list)
      if (wanted.has(s.serverId))
        excluded.set(s.serverId, { serverId: s.serverId, hostname: s.hostname, groupId });
    groupServers.set(
      groupId,
      list.filter((s) => !wanted.has(s.serverId)),
    );
  }
  for (let i = missing.length - 1; i >= 0; i--) {
    const m = missing[i];
    if (m && wanted.has(m.serverId)) {
      excluded.set(m.serverId, { serverId: m.serverId, groupId: m.groupId });
      missing.splice(i, 1);
    }
  }
  const unknown = [...wanted].filter((id) => !excluded.has(id));
  if (unknown.length > 0)
    throw new ValidationError(
      `Cannot start: excludeServers names ${unknown.length} server(s) that are not in this plan (${unknown.join(", ")})`,
      { field: "excludeServers", serverIds: unknown },
      "UNKNOWN_EXCLUDED_SERVER",
    );
  return [...excluded.values()];
}

/** 429 when an account-region cannot hold the plan's recovery instances next to those that exist. */
async function checkQuotaHeadroom(
  deps: ExecutionStarterDeps,
  servers: readonly SourceServer[],
  maxRecoveryInstances: number,
): Promise<void> {
  const perTarget = new Map<string, { accountId: string; region: string; serverIds: Set<string> }>();
  for (const s of servers) {
    const k = `${s.accountId}/${s.region}`;
    const entry = perTarget.get(k) ?? { accountId: s.accountId, region: s.region, serverIds: new Set() };
    entry.serverIds.add(s.serverId);
    perTarget.set(k, entry);
  }
  for (const { accountId, region, serverIds } of perTarget.values()) {
    // A server's earlier recovery instance is replaced by the new launch, so it does not add up.
    const existing = deps.launcher
      ? (await deps.launcher.describeRecoveryInstances(accountId, region)).filter(
          (r) => !serverIds.has(r.serverId),
        ).length
      : 0;
    if (existing + serverIds.size > maxRecoveryInstances) {
      throw new QuotaExceededError(
        "QUOTA_EXCEEDED",
        `Not enough DRS recovery-instance quota in ${accountId}/${region}: ${serverIds.size} needed, ${existing} of ${maxRecoveryInstances} in use`,
        {
          accountId,
          region,
          limit: maxRecoveryInstances,
          inUse: existing,
          needed: serverIds.size,
          quota: "maxRecoveryInstances",
        },
      );
    }
  }
}
