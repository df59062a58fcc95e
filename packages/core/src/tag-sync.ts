import { z } from "zod";
import { AccountId, Region, TagKey } from "./common";
import type { SourceServer } from "./source-server";

/** Scheduled tag sync (`GET/PUT /api/config/tag-sync`): every reachable account-region, every interval. */
export const TagSyncSettings = z.strictObject({
  enabled: z.boolean().default(false),
  intervalMinutes: z.int().min(5).max(10_080).default(60),
  /** Keys to copy; unset → every tag of the source instances. */
  tagKeys: z.array(TagKey).min(1).max(50).optional(),
});
export type TagSyncSettings = z.infer<typeof TagSyncSettings>;

/** `POST /api/drs/tag-sync`: copy EC2 source-instance tags onto the DRS source servers of one account-region. */
export const TagSyncRequest = z.strictObject({
  accountId: AccountId,
  region: Region,
  /** Only these keys; default: every tag of the source instance. */
  tagKeys: z.array(TagKey).min(1).max(50).optional(),
  dryRun: z.boolean().default(true),
});
export type TagSyncRequest = z.infer<typeof TagSyncRequest>;

export interface TagChange {
  key: string;
  /** DRS value now; absent when DRS lacks the tag. */
  from?: string;
  /** EC2 value; absent when the tag is removed from DRS (a chosen key the instance no longer has). */
  to?: string;
}

export interface TagSyncItem {
  serverId: string;
  hostname: string;
  sourceInstanceId: string;
  changes: TagChange[];
}

/** Keys AWS reserves; DRS refuses to set them. */
const isReserved = (key: string) => key.toLowerCase().startsWith("aws:");

/**
 * What tag sync would change: for each server with a source instance, the chosen keys whose DRS
 * value differs from the instance's (every instance key when none are chosen). A chosen key the
 * instance lacks is removed from DRS, so that afterwards DRS equals EC2 for the chosen keys.
 */
export function planTagSync(
  servers: readonly SourceServer[],
  instanceTags: ReadonlyMap<string, Record<string, string>>,
  tagKeys?: readonly string[],
): TagSyncItem[] {
  const items: TagSyncItem[] = [];
  for (const server of servers) {
    if (!server.sourceInstanceId) continue;
    const ec2 = instanceTags.get(server.sourceInstanceId) ?? {};
    const keys = (tagKeys ?? Object.keys(ec2)).filter((k) => !isReserved(k));
    const changes: TagChange[] = [];
    for (const key of [...new Set(keys)].sort()) {
      const from = server.tags[key];
      const to = ec2[key];
      if (from === to) continue;
      changes.push({ key, ...(from !== undefined && { from }), ...(to !== undefined && { to }) });
    }
    if (changes.length > 0)
      items.push({
        serverId: server.serverId,
        hostname: server.hostname,
        sourceInstanceId: server.sourceInstanceId,
        changes,
      });
  }
  return items;
}

/** Reads source-instance tags and writes DRS source-server tags (the AWS adapter). */
export interface SourceServerTagWriter {
  instanceTags(
    accountId: string,
    region: string,
    instanceIds: readonly string[],
  ): Promise<Map<string, Record<string, string>>>;
  updateSourceServerTags(
    accountId: string,
    region: string,
    serverArn: string,
    set: Record<string, string>,
    remove: readonly string[],
  ): Promise<void>;
}
