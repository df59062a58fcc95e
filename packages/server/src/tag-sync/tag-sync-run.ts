import { planTagSync, type SourceServerTagWriter, type TagSyncItem } from "@drso/core";
import { type AppDeps, requireExtension } from "../app-deps";

/** `deps.extensions` key of the tag adapter (`createAwsAdapters(...).sourceServerTags`). */
export const SOURCE_SERVER_TAGS_EXTENSION = "sourceServerTags";

export interface TagSyncOutcome {
  accountId: string;
  region: string;
  dryRun: boolean;
  serversChecked: number;
  items: TagSyncItem[];
  applied: number;
  failures: { serverId: string; message: string }[];
}

export const sourceServerTagsOf = (deps: AppDeps) =>
  requireExtension<SourceServerTagWriter>(deps, SOURCE_SERVER_TAGS_EXTENSION, "updateSourceServerTags", {
    code: "TAG_SYNC_UNAVAILABLE",
    message: "No DRS/EC2 adapters are configured",
  });

/**
 * One tag sync of an account-region: reads the source servers and their source instances' tags
 * (one DescribeTags per 200 instances), computes the diff and, unless a dry run, applies it.
 */
export async function runTagSync(
  deps: AppDeps,
  input: { accountId: string; region: string; tagKeys?: readonly string[]; dryRun: boolean },
): Promise<TagSyncOutcome> {
  const tags = sourceServerTagsOf(deps);
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
