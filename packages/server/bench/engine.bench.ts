/**
 * `npm run bench:engine` — figures of the execution engine and runner against the simulator
 * (real SDK adapters, SQLite store; 1, 2 and 4 in this process, 3 in a `drso serve` process):
 *  1. engine overhead per wave transition: last server of a wave healthy → next wave's StartRecovery;
 *  2. DRS calls per runner tick;
 *  3. a 3,000-server, 30-wave, 2-account plan: completes, DRS quota errors, peak RSS;
 *  4. 200 concurrent executions.
 * Options: BENCH_SCALE=small runs smaller sizes (smoke run); BENCH_SECTIONS=3 runs only section 3.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { type AwsAdapters, createAwsAdapters } from "@drso/aws";
import type { Execution, InstanceHealthProbe, RecoveryLauncher } from "@drso/core";
import { largeFleet, SIMULATOR_CREDENTIALS, type SimulatorState, startSimulator } from "@drso/simulator";
import { attachExecutions } from "../src/execution-wiring";
import type { ExecutionRunner } from "../src/runner/execution-runner";
import { startTestServer, type TestServer } from "../test/support/test-server";
import { type BenchApi, type ProductProcess, startProductProcess } from "./product-process";

const small = process.env.BENCH_SCALE === "small";
const HOME = "111111111111";
const TARGET = "222222222222";
const REGIONS = ["us-east-1", "us-west-2"] as const;

interface Env {
  api: TestServer;
  runner: ExecutionRunner;
  marks: { healthyFirstSeen: Map<string, number>; notHealthyLastSeen: Map<string, number>; starts: number[] };
  close(): Promise<void>;
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
};

/** App + simulator + runner; the launcher and probe are wrapped to time what the runner sees. */
async function startEnv(
  serversPerRegion: number,
  timeScale: number,
  pollMinMs: number,
  pollMaxMs: number,
): Promise<Env> {
  const sim = await startSimulator({ port: 0, timeScale, seed: 3, fleet: largeFleet(serversPerRegion) });
  const marks: Env["marks"] = { healthyFirstSeen: new Map(), notHealthyLastSeen: new Map(), starts: [] };
  let adapters: AwsAdapters | undefined;
  let attached: ReturnType<typeof attachExecutions> | undefined;
  const api = await startTestServer({
    configure: (deps, db) => {
      adapters = createAwsAdapters({
        endpoint: sim.endpoint,
        homeAccountId: deps.config.homeAccountId,
        credentials: SIMULATOR_CREDENTIALS,
        targetAccounts: () => deps.store.listTargetAccounts(),
        pageSize: 1000,
      });
      const real = adapters;
      const launcher: RecoveryLauncher = Object.assign(Object.create(real.launcher) as RecoveryLauncher, {
        startRecovery: async (batch: Parameters<RecoveryLauncher["startRecovery"]>[0]) => {
          marks.starts.push(performance.now());
          return real.launcher.startRecovery(batch);
        },
      });
      const health: InstanceHealthProbe = {
        describeInstanceHealth: async (accountId, region, ids) => {
          const out = await real.health.describeInstanceHealth(accountId, region, ids);
          const t = performance.now();
          for (const o of out) {
            const ok = o.state === "running" && o.instanceStatus === "ok" && o.systemStatus === "ok";
            if (ok && !marks.healthyFirstSeen.has(o.ec2InstanceId))
              marks.healthyFirstSeen.set(o.ec2InstanceId, t);
            if (!ok) marks.notHealthyLastSeen.set(o.ec2InstanceId, t);
          }
          return out;
        },
      };
      deps.catalog = real.catalog;
      deps.launcher = launcher;
      deps.health = health;
      deps.accountAccess = real.accountAccess;
      attached = attachExecutions(deps, db, { pollMinMs, pollMaxMs });
    },
  });
  if (!adapters || !attached) throw new Error("configure did not run");
  await attached.start();
  await addTargetAccount(api);
  const built = adapters;
  const runtime = attached;
  return {
    api,
    runner: runtime.runner,
    marks,
    close: async () => {
      await runtime.stop();
      await api.close();
      built.destroy();
      await sim.close();
    },
  };
}

/** The simulator as a child process (same options), stopped by `close`. */
async function simulatorProcess(
  perRegion: number,
  timeScale: number,
): Promise<{ endpoint: string; close(): Promise<void> }> {
  const script = fileURLToPath(new URL("./engine-bench-simulator.ts", import.meta.url));
  const tsx = createRequire(import.meta.url).resolve("tsx");
  const child = spawn(process.execPath, ["--import", tsx, script, String(perRegion), String(timeScale)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    child.stdout?.once("data", (d: Buffer) => resolve(d.toString().trim()));
    child.once("exit", (code) => reject(new Error(`simulator exited (${code})`)));
  });
  return {
    endpoint,
    close: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

async function addTargetAccount(api: BenchApi) {
  const res = await api.post("/api/accounts/targets", {
    accountId: TARGET,
    accountName: "Recovery account",
    roleArn: `arn:aws:iam::${TARGET}:role/DRSOrchestrationCrossAccountRole`,
    externalId: "drso-demo-external-id",
    regions: [...REGIONS],
  });
  // 409: the first start in simulator mode registered the fleet's second account already.
  if (res.status !== 201 && res.status !== 409) throw new Error(`target account: ${res.status} ${res.text}`);
}

let n = 0;
async function group(api: BenchApi, accountId: string, region: string, tagCriteria: Record<string, string>) {
  const res = await api.post("/api/protection-groups", {
    groupName: `B${++n}`,
    accountId,
    region,
    tagCriteria,
  });
  if (res.status !== 201) throw new Error(`group: ${res.status} ${res.text}`);
  return res.body.data.groupId as string;
}
async function plan(api: BenchApi, waves: string[][]) {
  const res = await api.post("/api/recovery-plans", {
    planName: `Bench ${++n}`,
    waves: waves.map((protectionGroupIds, i) => ({ waveNumber: i + 1, protectionGroupIds })),
  });
  if (res.status !== 201) throw new Error(`plan: ${res.status} ${res.text}`);
  return res.body.data.planId as string;
}
async function execute(api: BenchApi, planId: string) {
  const res = await api.post(`/api/recovery-plans/${planId}/execute`, { executionType: "DRILL" });
  if (res.status !== 202) throw new Error(`execute: ${res.status} ${res.text}`);
  return res.body.data.executionId as string;
}
async function finished(api: BenchApi, ids: string[], timeoutMs: number): Promise<Execution[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const all = await Promise.all(
      ids.map(async (id) => (await api.get(`/api/executions/${id}`)).body.data as Execution),
    );
    if (all.every((e) => ["COMPLETED", "PARTIAL", "FAILED", "CANCELLED"].includes(e.status))) return all;
    if (Date.now() > deadline)
      throw new Error(`timed out: ${all.filter((e) => e.status === "RUNNING").length} running`);
    await new Promise((r) => setTimeout(r, Number(process.env.BENCH_POLL_MS ?? 250)));
  }
}

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;

async function waveTransitions() {
  const waves = small ? 5 : 15;
  const env = await startEnv(30 * Math.ceil(waves / 3), 1200, 50, 500);
  try {
    // Each wave: one tier of one application, 10 servers.
    const distinct = [];
    for (let i = 0; i < waves; i++) {
      const app = `App${String(Math.floor(i / 3) + 1).padStart(3, "0")}`;
      distinct.push([
        await group(env.api, HOME, "us-west-2", {
          Application: app,
          Tier: ["web", "app", "database"][i % 3] ?? "web",
        }),
      ]);
    }
    const id = await execute(env.api, await plan(env.api, distinct));
    const [done] = await finished(env.api, [id], 300_000);
    const stored = (await env.api.get(`/api/executions/${id}`)).body.data as Execution;
    const fromSeen: number[] = [];
    const fromLastNotOk: number[] = [];
    for (let w = 0; w + 1 < stored.waveStatus.length; w++) {
      const ec2 = stored.waveStatus[w]?.servers.map((s) => s.ec2InstanceId ?? "") ?? [];
      const seen = Math.max(...ec2.map((i) => env.marks.healthyFirstSeen.get(i) ?? Number.NaN));
      const lastNot = Math.max(...ec2.map((i) => env.marks.notHealthyLastSeen.get(i) ?? Number.NaN));
      const nextStart = env.marks.starts.find((t) => t >= seen);
      if (nextStart === undefined || Number.isNaN(seen)) continue;
      fromSeen.push(nextStart - seen);
      if (!Number.isNaN(lastNot)) fromLastNotOk.push(nextStart - lastNot);
    }
    console.log(
      `\n1. Wave transitions (${waves} sequential waves of 10 servers, poll 50–500 ms): status ${done?.status}`,
    );
    console.log(
      `   runner processing (healthy observed → next StartRecovery): p50 ${percentile(fromSeen, 50).toFixed(1)} ms, p95 ${percentile(fromSeen, 95).toFixed(1)} ms`,
    );
    console.log(
      `   incl. poll latency (last poll not healthy → next StartRecovery, upper bound): p50 ${percentile(fromLastNotOk, 50).toFixed(0)} ms, p95 ${percentile(fromLastNotOk, 95).toFixed(0)} ms`,
    );
    console.log(
      `2. DRS calls per tick: ${(env.runner.stats.drsCalls / Math.max(1, env.runner.stats.ticks)).toFixed(2)} (${env.runner.stats.drsCalls} DRS + ${env.runner.stats.ec2Calls} EC2 calls in ${env.runner.stats.ticks} ticks)`,
    );
  } finally {
    await env.close();
  }
}

async function bigPlan() {
  const perRegion = small ? 150 : 750;
  const waveCount = small ? 10 : 30;
  // The product runs as users run it (`drso serve` from the `npm start` bundle) in its own process,
  // against the simulator in a third, so the RSS is the product's alone (API + runner + SQLite).
  const sim = await simulatorProcess(perRegion, 6000);
  let product: ProductProcess | undefined;
  try {
    product = await startProductProcess({
      DRSO_SIM_URL: sim.endpoint,
      DRSO_POLL_MIN_MS: "100",
      DRSO_POLL_MAX_MS: "2000",
    });
    const api = product.api;
    await addTargetAccount(api);
    // (account, region, application) groups of 30 servers, spread over the waves.
    const groups: string[] = [];
    for (const accountId of [HOME, TARGET])
      for (const region of REGIONS)
        for (let a = 1; a <= perRegion / 30; a++)
          groups.push(
            await group(api, accountId, region, { Application: `App${String(a).padStart(3, "0")}` }),
          );
    const waves: string[][] = Array.from({ length: waveCount }, () => []);
    groups.forEach((g, i) => {
      waves[i % waveCount]?.push(g);
    });
    const peakBefore = product.peakRssBytes();
    const rssBefore = product.rssBytes();
    const t0 = performance.now();
    const id = await execute(api, await plan(api, waves));
    const [done] = await finished(api, [id], 900_000);
    const servers = done?.waveStatus.reduce((s, w) => s + w.servers.length, 0) ?? 0;
    const drs = ((await (await fetch(`${sim.endpoint}/_sim/state`)).json()) as SimulatorState).drsCalls;
    console.log(
      `3. ${servers}-server, ${waveCount}-wave, 2-account plan: ${done?.status} in ${((performance.now() - t0) / 1000).toFixed(1)} s wall`,
    );
    console.log(
      `   DRS requests answered by the simulator: ${drs.total} (StartRecovery ${drs.byOperation.StartRecovery ?? 0}); quota errors: ${drs.errors.ServiceQuotaExceededException ?? 0}; all errors: ${JSON.stringify(drs.errors)}`,
    );
    // The admin's password hash at start-up and each login derive scrypt at N=2^17, r=8 (128 MiB
    // each, DRSO_PASSWORD_COST), so the peak so far includes that transient, the resident figure not.
    console.log(
      `   peak RSS of the product process (drso serve: API + runner + SQLite; simulator in its own process): ${mb(product.peakRssBytes())} (after start-up and set-up: peak ${mb(peakBefore)}, resident ${mb(rssBefore)})`,
    );
  } finally {
    await product?.close();
    await sim.close();
  }
}

async function concurrent() {
  const count = small ? 40 : 200;
  const perRegion = small ? 120 : 510;
  const env = await startEnv(perRegion, 3000, 100, 2000);
  try {
    const plans: string[] = [];
    const tiers = ["web", "app", "database"];
    outer: for (const accountId of [HOME, TARGET])
      for (const region of REGIONS)
        for (let a = 1; a <= perRegion / 30; a++)
          for (const tier of tiers) {
            if (plans.length >= count) break outer;
            plans.push(
              await plan(env.api, [
                [
                  await group(env.api, accountId, region, {
                    Application: `App${String(a).padStart(3, "0")}`,
                    Tier: tier,
                  }),
                ],
              ]),
            );
          }
    peakRss = process.memoryUsage().rss;
    const t0 = performance.now();
    const ids = await Promise.all(plans.map((p) => execute(env.api, p)));
    const done = await finished(env.api, ids, 900_000);
    const byStatus: Record<string, number> = {};
    for (const e of done) byStatus[e.status] = (byStatus[e.status] ?? 0) + 1;
    console.log(
      `4. ${count} concurrent executions: ${JSON.stringify(byStatus)} in ${((performance.now() - t0) / 1000).toFixed(1)} s wall`,
    );
    console.log(
      `   DRS quota errors: ${env.runner.stats.quotaErrors}; ticks: ${env.runner.stats.ticks}; DRS calls/tick ${(env.runner.stats.drsCalls / Math.max(1, env.runner.stats.ticks)).toFixed(2)}; peak RSS of this bench process (tsx, simulator and product together) ${mb(peakRss)}`,
    );
  } finally {
    await env.close();
  }
}

// BENCH_SECTIONS=3 (or "1,4", ...) runs only those sections; 1 also prints 2.
const sections = new Set((process.env.BENCH_SECTIONS ?? "1,3,4").split(",").map((x) => x.trim()));
try {
  console.log(`bench:engine (${small ? "small" : "full"} scale)`);
  if (sections.has("3")) await bigPlan();
  if (sections.has("1") || sections.has("2")) await waveTransitions();
  if (sections.has("4")) await concurrent();
} finally {
  clearInterval(sampler);
}
