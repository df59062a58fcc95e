import type { PlanChange } from "@drso/core";
import { type ApiClient, ApiError } from "./api-client";
import { CliError } from "./cli-error";

interface ListedServer {
  serverId: string;
  hostname?: string;
  assignedToProtectionGroup?: string | null;
  protectionGroupName?: string | null;
}

/**
 * Checks, before the first write, what the API would refuse half-way through an apply: explicit
 * servers that DRS does not know, or that another group (one this apply does not change) holds.
 * Reports every problem at once; nothing has been changed when it throws.
 */
export async function preflightApply(client: ApiClient, changes: readonly PlanChange[]): Promise<void> {
  const groupWrites = changes.filter(
    (c): c is Extract<PlanChange, { kind: "protectionGroup"; action: "create" | "update" }> =>
      c.kind === "protectionGroup" && c.action !== "delete" && c.desired.serverIds !== undefined,
  );
  if (groupWrites.length === 0) return;
  // Groups this apply rewrites or deletes may legitimately give their servers away.
  const changing = new Set(
    changes.filter((c) => c.kind === "protectionGroup").map((c) => c.name.toLowerCase()),
  );
  const problems: string[] = [];
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
