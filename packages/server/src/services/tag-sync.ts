import { type Actor, planTagSync, type TagSyncItem, TagSyncRequest } from "@drso/core";
import type { AppDeps } from "../app-deps";
import { auditEntry } from "../audit-entry";
import { requireAdapter } from "../optional-adapters";
import { resolveAccountRegion } from "./accounts";

export interface TagSyncOutcome {
  accountId: string;
  region: string;
  dryRun: boolean;
  serversChecked: number;
  items: TagSyncItem[];
  applied: number;
  failures: { serverId: string; message: string }[];
}

/** What a scheduled sync reads: the reachable account-regions, their servers, the tag adapter, logger, clock. */
export type TagSyncDeps = Pick<
  AppDeps,
  "config" | "store" | "catalog" | "sourceServerTags" | "logger" | "now"
>;

/**
 * One tag sync of an account-region: reads the source servers and their source instances' tags
 * (one DescribeTags per 200 instances), computes the diff and, unless a dry run, applies it.
 */
export async function runTagSync(
  deps: Pick<AppDeps, "catalog" | "sourceServerTags">,
  input: { accountId: string; region: string; tagKeys?: readonly string[]; dryRun: boolean },
): Promise<TagSyncOutcome> {
  const tags = requireAdapter(deps, "sourceServerTags");
  const { accountId, region, dryRun } = input;
  const servers = await deps.catalog.listSourceServers(accountId, region);
  const instanceIds = servers.flatMap((s) => (s.sourceInstanceId ? [s.sourceInstanceId] : []));
  const instanceTags = await tags.instanceTags(accountId, region, instanceIds);
  const items = planTagSync(servers, instanceTags, input.tagKeys);
  const failures: TagSyncOutcome["failures"] = [];
  let applied = 0;
  if (!dryRun) {
    const arnOf = new Map(servers.map((s) => [s.serverId, s.arn]));
    for (const item of items) {
      const arn =
        arnOf.get(item.serverId) ?? `arn:aws:drs:${region}:${accountId}:source-server/${item.serverId}`;
      const set = Object.fromEntries(
        item.changes.flatMap((ch) => (ch.to === undefined ? [] : [[ch.key, ch.to]])),
      );
      const remove = item.changes.filter((ch) => ch.to === undefined).map((ch) => ch.key);
      try {
        await tags.updateSourceServerTags(accountId, region, arn, set, remove);
        applied += 1;
      } catch (error) {
        // One refused server must not hide what happened to the others.
        failures.push({
          serverId: item.serverId,
          message: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }
  return { accountId, region, dryRun, serversChecked: servers.length, items, applied, failures };
}

/** A sync that changed DRS tags is audited (who, where, which servers); dry runs change nothing. */
async function auditTagSync(
  deps: AppDeps,
  actor: string,
  outcome: TagSyncOutcome,
  tagKeys: readonly string[] | undefined,
): Promise<void> {
  await deps.store.recordAudit(
    auditEntry(
      actor,
      "SyncSourceServerTags",
      "source-server",
      `${outcome.accountId}/${outcome.region}`,
      {},
      {
        accountId: outcome.accountId,
        region: outcome.region,
        ...(tagKeys ? { tagKeys } : {}),
        applied: outcome.applied,
        serverIds: outcome.items.map((i) => i.serverId),
        failures: outcome.failures,
      },
      deps.now(),
    ),
  );
}

/** A user's tag sync of one account-region (dry run: the diff only); a real one is audited. */
export async function syncTags(
  deps: AppDeps,
  request: TagSyncRequest,
  actor: Actor,
): Promise<TagSyncOutcome> {
  const scope = await resolveAccountRegion(deps, request);
  const outcome = await runTagSync(deps, {
    ...scope,
    dryRun: request.dryRun,
    ...(request.tagKeys ? { tagKeys: request.tagKeys } : {}),
  });
  if (!request.dryRun) await auditTagSync(deps, actor.username, outcome, request.tagKeys);
  return outcome;
}

/** What a sync would change, for roles that may look but not change DRS tags (`tagKeys` comma-separated). */
export async function previewTagSync(
  deps: AppDeps,
  query: { accountId?: string | undefined; region?: string | undefined; tagKeys?: string | undefined },
): Promise<TagSyncOutcome> {
  const scope = await resolveAccountRegion(deps, query);
  const keys = (query.tagKeys ?? "")
    .split(",")
    .map((k) => k.trim())
    .filter((k) => k.length > 0);
  // Same key rules as the POST body, so a preview never accepts what the sync would refuse.
  const tagKeys = keys.length > 0 ? TagSyncRequest.shape.tagKeys.parse(keys) : undefined;
  return runTagSync(deps, { ...scope, dryRun: true, ...(tagKeys ? { tagKeys } : {}) });
}
