import type { AppDeps } from "../app-deps";
import { requireAdapter } from "../optional-adapters";
import { resolveAccountRegion } from "./accounts";

export const inventoryOf = (deps: AppDeps) => requireAdapter(deps, "ec2");

/** The account-region of a query (defaults resolved, unreachable ones refused). */
type Scope = { accountId?: string | undefined; region?: string | undefined };

export async function listSubnets(
  deps: AppDeps,
  query: Scope & { vpcId?: string | undefined; availabilityZone?: string | undefined },
) {
  const { accountId, region } = await resolveAccountRegion(deps, query);
  const items = await inventoryOf(deps).listSubnets(accountId, region, {
    vpcId: query.vpcId,
    availabilityZone: query.availabilityZone,
  });
  return { items };
}

export async function listSecurityGroups(deps: AppDeps, query: Scope & { vpcId?: string | undefined }) {
  const { accountId, region } = await resolveAccountRegion(deps, query);
  const items = await inventoryOf(deps).listSecurityGroups(accountId, region, { vpcId: query.vpcId });
  return { items };
}

/** The region's instance types, or one family's (the part before the dot: m5 → m5.large...). */
export async function listInstanceTypes(
  deps: AppDeps,
  query: Scope & { instanceFamily?: string | undefined },
) {
  const { accountId, region } = await resolveAccountRegion(deps, query);
  const all = await inventoryOf(deps).listInstanceTypes(accountId, region);
  const family = query.instanceFamily;
  const items = family ? all.filter((t) => t.instanceType.split(".")[0] === family) : all;
  return { items };
}

export async function listInstanceProfiles(deps: AppDeps, query: Scope) {
  const { accountId, region } = await resolveAccountRegion(deps, query);
  return { items: await inventoryOf(deps).listInstanceProfiles(accountId, region) };
}
