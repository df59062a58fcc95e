import { api } from "../../api/api-client";
import { listAccounts, listSourceServers, type PickerServer } from "../../api/resources";

/** Regions to look in when an account does not list its own: the configured regions. */
const configuredRegions = async (): Promise<string[]> => {
  const data = await api.get<unknown>("/config/regions");
  const list = Array.isArray(data) ? data : ((data as { regions?: unknown[] })?.regions ?? []);
  return list
    .map((r) => (typeof r === "string" ? r : String((r as { region?: string }).region ?? "")))
    .filter(Boolean);
};

/** Every source server of every account and region the orchestrator manages. */
export async function loadFleet(): Promise<PickerServer[]> {
  const accounts = await listAccounts();
  let fallback: string[] | undefined;
  const out: PickerServer[] = [];
  for (const a of accounts) {
    if (!a.regions?.length && !fallback) fallback = await configuredRegions();
    const regions = a.regions?.length ? a.regions : (fallback ?? []);
    const lists = await Promise.all(regions.map((r) => listSourceServers(a.accountId, r)));
    for (const l of lists) out.push(...l);
  }
  return out;
}
