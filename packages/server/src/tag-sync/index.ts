/** The scheduled tag sync on its own (`@drso/server/tag-sync`): what the tag-sync Lambda imports. */
export { runTagSync, type TagSyncDeps, type TagSyncOutcome } from "../services/tag-sync";
export { TagSyncScheduler } from "./tag-sync-scheduler";
