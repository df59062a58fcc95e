import type { TagSyncItem, TagSyncSettings } from "@drso/core";
import { api } from "../../api/api-client";

/** The tag sync endpoints: settings, the read-only preview and the apply. */

export interface TagSyncOutcome {
  accountId: string;
  region: string;
  dryRun: boolean;
  serversChecked: number;
  items: TagSyncItem[];
  applied: number;
  failures: { serverId: string; message: string }[];
}

export const getTagSyncSettings = () => api.get<TagSyncSettings>("/config/tag-sync");
export const putTagSyncSettings = (settings: TagSyncSettings) =>
  api.put<TagSyncSettings>("/config/tag-sync", settings);

/** GET, so read-only roles can look at the diff without the right to change tags. */
export const previewTagSync = (accountId: string, region: string, tagKeys: readonly string[]) => {
  const q = new URLSearchParams({ accountId, region });
  if (tagKeys.length > 0) q.set("tagKeys", tagKeys.join(","));
  return api.get<TagSyncOutcome>(`/drs/tag-sync/preview?${q.toString()}`);
};

export const applyTagSync = (accountId: string, region: string, tagKeys: readonly string[]) =>
  api.post<TagSyncOutcome>("/drs/tag-sync", {
    accountId,
    region,
    dryRun: false,
    ...(tagKeys.length > 0 ? { tagKeys } : {}),
  });

/** "Owner, CostCenter ,," → ["Owner", "CostCenter"]: what operators type into the keys field. */
export const parseTagKeys = (text: string): string[] => [
  ...new Set(
    text
      .split(",")
      .map((k) => k.trim())
      .filter((k) => k.length > 0),
  ),
];
