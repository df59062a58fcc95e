import { type Actor, NotFoundError } from "@drso/core";
import type { AppDeps } from "../app-deps";
import { auditEntry } from "../audit-entry";
import { requireAdapter } from "../optional-adapters";
import { resolveAccountRegion } from "./accounts";

/** What turns `current` into `wanted`: keys to set (new or changed) and keys to remove. */
export function tagChanges(current: Record<string, string>, wanted: Record<string, string>) {
  const added = Object.keys(wanted).filter((k) => !(k in current));
  const changed = Object.keys(wanted).filter((k) => k in current && current[k] !== wanted[k]);
  const removed = Object.keys(current).filter((k) => !(k in wanted));
  const set = Object.fromEntries([...added, ...changed].map((k) => [k, wanted[k] ?? ""]));
  return { added, changed, removed, set };
}

/** Replaces a source server's DRS tags (absent keys are removed); a change is audited. */
export async function replaceSourceServerTags(
  deps: AppDeps,
  serverId: string,
  body: { accountId: string; region: string; tags: Record<string, string> },
  actor: Actor,
) {
  const { accountId, region } = await resolveAccountRegion(deps, body);
  const writer = requireAdapter(deps, "sourceServerTags");
  const server = (await deps.catalog.listSourceServers(accountId, region)).find(
    (s) => s.serverId === serverId,
  );
  if (!server) throw new NotFoundError("Source server", serverId);
  const { added, changed, removed, set } = tagChanges(server.tags, body.tags);
  if (added.length + changed.length + removed.length > 0) {
    const arn = server.arn ?? `arn:aws:drs:${region}:${accountId}:source-server/${serverId}`;
    await writer.updateSourceServerTags(accountId, region, arn, set, removed);
    const audit = auditEntry(
      actor.username,
      "UpdateSourceServerTags",
      "source-server",
      serverId,
      {},
      { accountId, region, added, changed, removed },
      deps.now(),
    );
    await deps.store.recordAudit(audit);
    deps.logger.info(
      { sourceServerId: serverId, accountId, region, actor: actor.username },
      "source server tags updated",
    );
  }
  return { serverId, tags: body.tags, added, changed, removed };
}
