import type { ConfigStore, ProtectionGroup, RecoveryPlan } from "@drso/core";

/** Walks every page of a list (export, overlap reports); the store pages by 1000. */
async function collect<T>(fetchPage: (nextToken?: string) => Promise<{ items: T[]; nextToken?: string }>) {
  const all: T[] = [];
  let token: string | undefined;
  do {
    const page = await fetchPage(token);
    all.push(...page.items);
    token = page.nextToken;
  } while (token);
  return all;
}

export const listAllProtectionGroups = (store: ConfigStore): Promise<ProtectionGroup[]> =>
  collect((nextToken) => store.listProtectionGroups({ limit: 1000, nextToken }));

export const listAllRecoveryPlans = (store: ConfigStore): Promise<RecoveryPlan[]> =>
  collect((nextToken) => store.listRecoveryPlans({ limit: 1000, nextToken }));
