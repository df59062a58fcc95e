/**
 * `npm run bench:direct`: what a direct invocation costs compared with the same request over
 * HTTP. One app over 100 protection groups; each way runs `get_protection_group` and
 * `list_protection_groups` N times sequentially and prints p50/p99 and calls/s:
 *   - direct:   invokeOperation(app, {operation, pathParams}, principal)  (no auth, no socket)
 *   - in-proc:  app.request(url, {headers: {authorization}})              (JWT verification)
 *   - http:     fetch over loopback to the same app                        (socket + JWT)
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
import { invokeOperation } from "../src/direct-invocation/index";
import { createEmbeddedDeps } from "../src/embedded-deps";
import {
  InMemorySourceServerCatalog,
  serverId,
  sourceServers,
} from "../test/support/in-memory-source-server-catalog";

const N = Number(process.env.BENCH_CALLS ?? 2000);
const HOME = { accountId: "111111111111", region: "us-east-1" };
const principal = { username: "bench", roles: ["DRSOrchestrationAdmin" as const] };

const dataDir = await mkdtemp(join(tmpdir(), "drso-bench-direct-"));
const { deps, close } = createEmbeddedDeps({
  dataDir,
  logger: pino({ level: "silent" }),
  catalog: new InMemorySourceServerCatalog(sourceServers(1, 100, HOME)),
});
const app = createApp(deps);
const server = await new Promise<Server>((resolve) => {
  const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s as Server));
});
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
// Tokens are honoured only for existing users.
await new UserAccounts(deps.users).addUser("bench", "DRSOrchestrationAdmin", "bench-password", "bench");
const benchUser = await deps.users.getUser("bench");
const { token } = await deps.tokens.issue({
  ...principal,
  userId: benchUser?.userId ?? "",
  tokenGeneration: benchUser?.tokenGeneration ?? 0,
});
const authorization = `Bearer ${token}`;

let groupId = "";
for (let i = 1; i <= 100; i++) {
  const created = await invokeOperation(
    app,
    { operation: "create_protection_group", body: { groupName: `g${i}`, ...HOME, serverIds: [serverId(i)] } },
    principal,
  );
  groupId = (created.data as { groupId: string }).groupId;
}

type Call = () => Promise<number>;
const ways: Record<string, { get: Call; list: Call }> = {
  direct: {
    get: async () =>
      (await invokeOperation(app, { operation: "get_protection_group", pathParams: { groupId } }, principal))
        .statusCode,
    list: async () =>
      (
        await invokeOperation(
          app,
          { operation: "list_protection_groups", queryParams: { limit: 100 } },
          principal,
        )
      ).statusCode,
  },
  "in-proc": {
    get: async () =>
      (await app.request(`/api/protection-groups/${groupId}`, { headers: { authorization } })).status,
    list: async () =>
      (await app.request("/api/protection-groups?limit=100", { headers: { authorization } })).status,
  },
  http: {
    get: async () => {
      const res = await fetch(`${url}/api/protection-groups/${groupId}`, { headers: { authorization } });
      await res.arrayBuffer();
      return res.status;
    },
    list: async () => {
      const res = await fetch(`${url}/api/protection-groups?limit=100`, { headers: { authorization } });
      await res.arrayBuffer();
      return res.status;
    },
  },
};

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

console.log(`direct invocation vs HTTP, ${N} sequential calls each (100 groups)`);
console.log("way       operation               p50 ms   p99 ms   calls/s");
for (const [way, calls] of Object.entries(ways)) {
  for (const [name, call] of Object.entries(calls)) {
    for (let i = 0; i < 100; i++) await call(); // warm-up
    const times: number[] = [];
    const started = performance.now();
    for (let i = 0; i < N; i++) {
      const t = performance.now();
      const status = await call();
      times.push(performance.now() - t);
      if (status !== 200) throw new Error(`${way} ${name}: HTTP ${status}`);
    }
    const total = performance.now() - started;
    times.sort((a, b) => a - b);
    const op = name === "get" ? "get_protection_group" : "list_protection_groups";
    console.log(
      `${way.padEnd(9)} ${op.padEnd(22)} ${percentile(times, 50).toFixed(2).padStart(7)} ${percentile(
        times,
        99,
      )
        .toFixed(2)
        .padStart(8)} ${Math.round((N * 1000) / total)
        .toString()
        .padStart(9)}`,
    );
  }
}

(server as Server).closeAllConnections();
await new Promise<void>((resolve) => server.close(() => resolve()));
close();
await rm(dataDir, { recursive: true, force: true });
