/** The scheduled tag sync on its own (`@drso/server/tag-sync`): what the tag-sync Lambda imports. */
export type { AppDeps } from "../app-deps";
export { runTagSync, SOURCE_SERVER_TAGS_EXTENSION, type TagSyncOutcome } from "../services/tag-sync";
export { TagSyncScheduler } from "./tag-sync-scheduler";
