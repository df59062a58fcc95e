import type { PlanChange } from "@drso/core";
import { type ApiClient, ApiError } from "./api-client";
import { CliError } from "./cli-error";

interface ListedServer {
  serverId: string;
  hostname?: string;
  assignedToProtectionGroup?: string | null;
  protectionGroupName?: string | null;
}

type GroupWrite = Extract<PlanChange, { kind: "protectionGroup"; action: "create" | "update" }>;

/** Groups in accounts the orchestrator cannot reach (not the home account, no target account registered). */
async function unreachableAccounts(client: ApiClient, writes: readonly GroupWrite[]): Promise<string[]> {
  let accounts: { accountId: string }[];
  try {
    accounts = await client.listAll<{ accountId: string }>("/drs/accounts");
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 503)) return [];
    throw e;
  }
  const known = new Set(accounts.map((a) => a.accountId));
  return writes
    .filter((c) => !known.has(c.desired.accountId))
    .map(
      (c) =>
        `protection group "${c.name}": account ${c.desired.accountId} is neither the home account nor a registered target account (register it first: UI Accounts, or POST /api/accounts/targets)`,
    );
}

/**
 * Checks, before the first write, what the API would refuse half-way through an apply: accounts
 * the orchestrator cannot reach, explicit servers that DRS does not know, or that another group
 * (one this apply does not change) holds. Reports every problem at once; nothing has been changed
 * when it throws.
 */
export async function preflightApply(client: ApiClient, changes: readonly PlanChange[]): Promise<void> {
  const writes = changes.filter(
    (c): c is GroupWrite => c.kind === "protectionGroup" && c.action !== "delete",
  );
  if (writes.length === 0) return;
  const problems = await unreachableAccounts(client, writes);
  const unreachable = new Set(problems.map((p) => p.slice(0, p.indexOf(":"))));
  const groupWrites = writes.filter(
    (c) => c.desired.serverIds !== undefined && !unreachable.has(`protection group "${c.name}"`),
  );
  // Groups this apply rewrites or deletes may legitimately give their servers away.
  const changing = new Set(
    changes.filter((c) => c.kind === "protectionGroup").map((c) => c.name.toLowerCase()),
  );
  const listings = new Map<string, Promise<ListedServer[]>>();
  for (const c of groupWrites) {
    const { accountId, region } = c.desired;
    const scope = `${accountId}/${region}`;
    if (!listings.has(scope))
      listings.set(scope, client.listAll<ListedServer>("/drs/source-servers", { accountId, region }));
    let servers: ListedServer[];
    try {
      servers = (await listings.get(scope)) ?? [];
    } catch (e) {
      // Without a listing the API's own check decides; do not block on a missing endpoint.
      if (e instanceof ApiError && (e.status === 404 || e.status === 503)) continue;
      throw e;
    }
    const byId = new Map(servers.map((s) => [s.serverId, s]));
    for (const id of c.desired.serverIds ?? []) {
      const s = byId.get(id);
      if (!s) problems.push(`protection group "${c.name}": server ${id} does not exist in DRS (${scope})`);
      else if (s.protectionGroupName && !changing.has(s.protectionGroupName.toLowerCase()))
        problems.push(
          `protection group "${c.name}": server ${s.hostname ?? id} (${id}) already belongs to protection group "${s.protectionGroupName}"`,
        );
    }
  }
  if (problems.length > 0)
    throw new CliError(
      `nothing was changed; the API would refuse:\n${problems.map((p) => `  ${p}`).join("\n")}`,
    );
}
