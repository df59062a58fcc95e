import type { ServerInTwoWaves } from "../errors";
import { effectiveDependencies, topologicalWaveOrder } from "../plan-validation";
import type { DrsQuotas } from "../quotas";
import { DEFAULT_MAX_WAVE_MINUTES, type RecoveryPlan } from "../recovery-plan";
import type { SourceServer } from "../source-server";
import type { ChosenRecoverySnapshot } from "./recovery-point";

/**
 * Plan compiler: turns a plan snapshot plus the servers its groups resolved to (the caller
 * resolves explicit ids and tag criteria through `SourceServerCatalog`) into waves of
 * StartRecovery batches: per wave, per account-region, at most `maxServersPerJob` servers.
 */

export interface CompiledServer {
  serverId: string;
  hostname: string;
  accountId: string;
  region: string;
  /** DRS replication state when the execution started. */
  replicationState?: string;
  /**
   * The DRS snapshot this server launches from: the chosen point in time, or its newest snapshot
   * when replication is not live (see `recoversFromLastSnapshot`). Absent: DRS takes a fresh one.
   */
  recoverySnapshotId?: string;
  recoverySnapshotTime?: string;
}

export interface BatchPlan {
  /** Stable and unique within the execution: `w<wave>-a<attempt>-<account>-<region>-<n>`. */
  batchId: string;
  waveNumber: number;
  accountId: string;
  region: string;
  attempt: number;
  serverIds: string[];
}

export interface CompiledWave {
  waveNumber: number;
  waveName: string;
  dependsOnWaves: number[];
  pauseBeforeWave: boolean;
  waitTimeSeconds: number;
  onFailure: "STOP" | "CONTINUE";
  /** Absent in executions created before the setting existed (the default applies). */
  maxWaveMinutes?: number;
  servers: CompiledServer[];
  batches: BatchPlan[];
}

export interface CompiledPlan {
  /** In an order where every wave follows its dependencies. */
  waves: CompiledWave[];
}

type PlanShape = Pick<RecoveryPlan, "waves">;

/** How many servers one StartRecovery may carry: a batch that can never fit would wait forever. */
export const batchSizeLimit = (quotas: DrsQuotas): number =>
  Math.max(1, Math.min(quotas.maxServersPerJob, quotas.maxServersInActiveJobs, quotas.maxRecoveryInstances));

/** Splits servers into batches per account-region (sorted for stable ids), each ≤ the batch limit. */
export function splitIntoBatches(
  waveNumber: number,
  attempt: number,
  servers: readonly CompiledServer[],
  quotas: DrsQuotas,
): BatchPlan[] {
  const limit = batchSizeLimit(quotas);
  const byTarget = new Map<string, CompiledServer[]>();
  for (const s of servers) {
    const key = `${s.accountId}-${s.region}`;
    const list = byTarget.get(key) ?? [];
    list.push(s);
    byTarget.set(key, list);
  }
  const batches: BatchPlan[] = [];
  for (const key of [...byTarget.keys()].sort()) {
    const list = byTarget.get(key) ?? [];
    const first = list[0];
    if (!first) continue;
    for (let i = 0; i * limit < list.length; i++) {
      batches.push({
        batchId: `w${waveNumber}-a${attempt}-${key}-${i + 1}`,
        waveNumber,
        accountId: first.accountId,
        region: first.region,
        attempt,
        serverIds: list.slice(i * limit, (i + 1) * limit).map((s) => s.serverId),
      });
    }
  }
  return batches;
}

/**
 * Servers that more than one protection group of the plan resolves to (`ServerInTwoWavesError`):
 * each would be recovered once only, leaving the later wave empty, so start and save refuse them.
 */
export function serversInTwoGroups(
  plan: PlanShape,
  groupServers: ReadonlyMap<string, readonly SourceServer[]>,
  groupNames: ReadonlyMap<string, string> = new Map(),
): ServerInTwoWaves[] {
  const seen = new Map<string, ServerInTwoWaves>();
  for (const wave of [...plan.waves].sort((a, b) => a.waveNumber - b.waveNumber)) {
    for (const groupId of wave.protectionGroupIds) {
      for (const s of groupServers.get(groupId) ?? []) {
        const entry = seen.get(s.serverId) ?? { serverId: s.serverId, hostname: s.hostname, groups: [] };
        if (entry.groups.some((g) => g.groupId === groupId)) continue;
        const groupName = groupNames.get(groupId);
        entry.groups.push({ groupId, ...(groupName ? { groupName } : {}), waveNumber: wave.waveNumber });
        seen.set(s.serverId, entry);
      }
    }
  }
  return [...seen.values()].filter((x) => x.groups.length > 1);
}

/**
 * Compiles the plan. `groupServers` maps each protection group id to its resolved servers.
 * A server listed by several waves is recovered once, in the first wave (in dependency order)
 * that lists it: launching it twice would fail in DRS. `recoveryPoints` (server id → snapshot)
 * names the snapshot of each server that does not recover from a fresh DRS snapshot.
 */
export function compilePlan(
  plan: PlanShape,
  groupServers: ReadonlyMap<string, readonly SourceServer[]>,
  quotas: DrsQuotas,
  recoveryPoints?: ReadonlyMap<string, ChosenRecoverySnapshot>,
): CompiledPlan {
  const deps = effectiveDependencies(plan.waves);
  const byNumber = new Map(plan.waves.map((w) => [w.waveNumber, w]));
  const taken = new Set<string>();
  const waves: CompiledWave[] = [];
  for (const n of topologicalWaveOrder(plan.waves)) {
    const wave = byNumber.get(n);
    if (!wave) continue;
    const servers: CompiledServer[] = [];
    for (const groupId of wave.protectionGroupIds) {
      for (const s of groupServers.get(groupId) ?? []) {
        if (taken.has(s.serverId)) continue;
        taken.add(s.serverId);
        servers.push({
          serverId: s.serverId,
          hostname: s.hostname,
          accountId: s.accountId,
          region: s.region,
          replicationState: s.replicationState,
          ...recoveryPoints?.get(s.serverId),
        });
      }
    }
    servers.sort((a, b) => a.serverId.localeCompare(b.serverId));
    waves.push({
      waveNumber: n,
      waveName: wave.waveName ?? `Wave ${n}`,
      dependsOnWaves: [...(deps.get(n) ?? [])],
      pauseBeforeWave: wave.pauseBeforeWave ?? false,
      waitTimeSeconds: wave.waitTimeSeconds ?? 0,
      onFailure: wave.onFailure ?? "STOP",
      maxWaveMinutes: wave.maxWaveMinutes ?? DEFAULT_MAX_WAVE_MINUTES,
      servers,
      batches: splitIntoBatches(n, 1, servers, quotas),
    });
  }
  return { waves };
}
