/**
 * The server side of `api.bench.ts`, run in a child process so that the load generator does not
 * compete with it for the same event loop. Seeds 200 groups and 200 plans, then reports its URL
 * and an admin API key over IPC and serves until killed.
 */
import { mkdtemp, rm } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import pino from "pino";
import { createApp } from "../src/app";
import { UserAccounts } from "../src/auth/user-accounts";
import { createEmbeddedDeps } from "../src/embedded-deps";
import { tuneHeapForServing } from "../src/heap-tuning";
import {
  InMemorySourceServerCatalog,
  serverId,
  sourceServers,
} from "../test/support/in-memory-source-server-catalog";

// As `drso serve` runs.
tuneHeapForServing();
const HOME = { accountId: "111111111111", region: "us-east-1" };
const dataDir = await mkdtemp(join(tmpdir(), "drso-bench-"));
const { deps, close } = createEmbeddedDeps({
  dataDir,
  logger: pino({ level: "silent" }),
  catalog: new InMemorySourceServerCatalog(sourceServers(1, 400, { ...HOME, tags: { Tier: "web" } })),
  // As `drso serve` runs it.
  backgroundCheckpoints: true,
});
const app = createApp(deps);
const server = await new Promise<Server>((resolve) => {
  const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s as Server));
});
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const { key } = await new UserAccounts(deps.users).createApiKey("DRSOrchestrationAdmin", "bench", "bench");
const headers = { "x-api-key": key, "content-type": "application/json" };

const post = async (path: string, body: unknown) => {
  const res = await fetch(`${url}${path}`, { method: "POST", headers, body: JSON.stringify(body) });
  if (res.status !== 201) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { data: Record<string, string> }).data;
};
// 200 plans of three waves over 200 groups, as an operator with a large estate would have.
const groupIds: string[] = [];
for (let i = 0; i < 200; i++) {
  const g = await post("/api/protection-groups", {
    groupName: `g${i}`,
    ...HOME,
    serverIds: [serverId(i + 1)],
  });
  groupIds.push(g.groupId ?? "");
}
for (let i = 0; i < 200; i++) {
  await post("/api/recovery-plans", {
    planName: `plan ${i}`,
    description: "benchmark plan",
    waves: [1, 2, 3].map((n) => ({
      waveNumber: n,
      waveName: `wave ${n}`,
      protectionGroupIds: [groupIds[(i + n) % 200]],
    })),
  });
}

const shutdown = async () => {
  server.closeAllConnections();
  server.close();
  await close();
  await rm(dataDir, { recursive: true, force: true });
  process.exit(0);
};
process.on("disconnect", () => void shutdown());
process.on("SIGTERM", () => void shutdown());
process.send?.({ url, key });
