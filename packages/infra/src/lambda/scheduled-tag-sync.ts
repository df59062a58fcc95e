import type { ScheduleMarker } from "@drso/aws";
import {
  type ConfigStore,
  type SourceServerCatalog,
  type SourceServerTagWriter,
  tagSyncSettingsOf,
} from "@drso/core";
import { type TagSyncDeps, TagSyncScheduler } from "@drso/server/tag-sync";
import type { Logger } from "pino";

/** What the scheduled sync reads and writes: the stores and DRS/EC2 adapters of the Lambda. */
export interface ScheduledTagSyncDeps {
  homeAccountId: string;
  store: ConfigStore;
  catalog: SourceServerCatalog;
  sourceServerTags: SourceServerTagWriter;
  marker: ScheduleMarker;
  logger: Logger;
  now: () => Date;
}

export type ScheduledTagSyncResult = { ran: true } | { ran: false; reason: "disabled" | "not due" };

/** The `ScheduleMarker` job name of the tag sync. */
export const TAG_SYNC_JOB = "tag-sync";

/**
 * The AWS side of the local runner's scheduled tag sync: EventBridge invokes this every 5 minutes
 * (the shortest interval the settings allow); it runs when tag sync is enabled and the configured
 * interval has passed since the last run of any invocation (one conditional write), then syncs
 * every reachable account-region with the same `TagSyncScheduler` code as `drso serve`.
 */
export const runScheduledTagSync = async (deps: ScheduledTagSyncDeps): Promise<ScheduledTagSyncResult> => {
  const settings = tagSyncSettingsOf(await deps.store.getSettings());
  if (!settings.enabled) return { ran: false, reason: "disabled" };
  const due = await deps.marker.claimRun(
    TAG_SYNC_JOB,
    deps.now().getTime(),
    settings.intervalMinutes * 60_000,
  );
  if (!due) return { ran: false, reason: "not due" };
  // A scheduler of this invocation only: its in-memory "last run" starts empty, the marker above
  // decided that a run is due.
  await new TagSyncScheduler(schedulerDeps(deps)).runIfDue();
  return { ran: true };
};

/**
 * The part of the app's dependencies the tag sync reads (settings, target accounts and groups for
 * the reachable account-regions, the catalog, the tag adapter, logger, clock).
 */
const schedulerDeps = (deps: ScheduledTagSyncDeps): TagSyncDeps => ({
  config: { version: "0.1.0", mode: "aws", homeAccountId: deps.homeAccountId },
  store: deps.store,
  catalog: deps.catalog,
  logger: deps.logger,
  now: deps.now,
  sourceServerTags: deps.sourceServerTags,
});
