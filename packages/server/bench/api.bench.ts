/**
 * `npm run bench:api`: API latency and throughput on the embedded default (SQLite).
 * GET /api/recovery-plans returning 200 plans, and POST /api/protection-groups, each at a fixed
 * 500 req/s (the goal: p99 < 20 ms) and then flat out. The server runs in a child process
 * (api-bench-server.ts). Prints the figures; asserts nothing. BENCH_DURATION=seconds per scenario.
 */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import autocannon, { type Options, type RequestSpec, type Result } from "autocannon";

const HOME = { accountId: "111111111111", region: "us-east-1" };
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);

const child = fork(fileURLToPath(new URL("./api-bench-server.ts", import.meta.url)), {
  // BENCH_SERVER_NODE_ARGS: extra node flags for the server (e.g. --cpu-prof, --trace-gc).
  execArgv: [...process.execArgv, ...(process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean)],
  stdio: "inherit",
});
const { url, key } = await new Promise<{ url: string; key: string }>((resolve, reject) => {
  child.once("message", (m) => resolve(m as { url: string; key: string }));
  child.once("exit", (code) => reject(new Error(`bench server exited with ${code}`)));
});
const headers = { "x-api-key": key, "content-type": "application/json" };
const plansUrl = `${url}/api/recovery-plans?limit=200`;
const listed = (await (await fetch(plansUrl, { headers })).json()) as { data: { items: unknown[] } };
if (listed.data.items.length !== 200) throw new Error("expected 200 plans");

let counter = 0;
const createGroup: RequestSpec = {
  method: "POST",
  path: "/api/protection-groups",
  headers,
  // A unique name per request; tag groups, so that no two requests claim the same server.
  setupRequest: (req: RequestSpec): RequestSpec => ({
    ...req,
    body: JSON.stringify({ groupName: `bench ${++counter}`, ...HOME, tagCriteria: { Tier: "web" } }),
  }),
};

const rows: string[][] = [];
const run = async (label: string, options: Options, record = true) => {
  const r: Result = await autocannon({ duration: DURATION_S, connections: 10, ...options });
  if (!record) return;
  rows.push([
    label,
    r.latency.p50.toFixed(1),
    r.latency.p90.toFixed(1),
    r.latency.p99.toFixed(1),
    r.latency.max.toFixed(1),
    r.requests.average.toFixed(0),
    String(r.requests.total),
    String(r.non2xx + r.errors + r.timeouts),
  ]);
};

try {
  await run("warm-up", { url: plansUrl, headers, duration: 3 }, false);
  await run("GET /api/recovery-plans (200 plans) @500 req/s", { url: plansUrl, headers, overallRate: 500 });
  await run("GET /api/recovery-plans (200 plans) max", { url: plansUrl, headers });
  await run("POST /api/protection-groups @500 req/s", { url, overallRate: 500, requests: [createGroup] });
  await run("POST /api/protection-groups max", { url, requests: [createGroup] });
} finally {
  child.kill("SIGTERM");
}

const head = ["scenario", "p50 ms", "p90 ms", "p99 ms", "max ms", "req/s", "requests", "non-2xx/errors"];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
const line = (r: string[]) =>
  r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
console.log(`\nDRSO API benchmark: ${DURATION_S}s per scenario, 10 connections, server in a child process`);
console.log(line(head));
for (const r of rows) console.log(line(r));
console.log("goal: p99 < 20 ms at 500 req/s");
