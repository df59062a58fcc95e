export { nameKey } from "@drso/core";

/**
 * Item keys of the config table. Records of one kind share a partition (lists are one Query);
 * uniqueness rules are items of their own, written in the same transaction as the record:
 * a name item per lower-cased name and a claim item per (account, region, source server).
 */
export const PARTITION = {
  group: "PG",
  plan: "PLAN",
  account: "ACCOUNT",
  settings: "SETTINGS",
  user: "USER",
  apiKey: "APIKEY",
  groupName: "NAME#PG",
  planName: "NAME#PLAN",
  serverClaim: "SERVER",
  audit: "AUDIT",
} as const;

export const serverClaimKey = (accountId: string, region: string, serverId: string) => ({
  pk: PARTITION.serverClaim,
  sk: `${accountId}#${region}#${serverId}`,
});

export const recordKey = (partition: string, id: string) => ({ pk: partition, sk: id });
