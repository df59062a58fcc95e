import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { type ExecutionState, isTerminalExecutionStatus } from "@drso/core";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExecution } from "../services/execution-start";
import { requireExecutions } from "../services/executions";
import { SqliteExecutionStore } from "../store/sqlite-execution-store";
import {
  createPlan,
  type ExecutionEnv,
  HOME,
  startExecutionEnv,
  tagGroup,
} from "./testing/execution-test-env";

/** Executions in the crash test; CI runs few, `DRSO_CRASH_EXECUTIONS=100` runs the full trial. */
const EXECUTIONS = Number(process.env.DRSO_CRASH_EXECUTIONS ?? 8);
const RUNNER = fileURLToPath(new URL("./runner-process.ts", import.meta.url));
const TSX = createRequire(import.meta.url).resolve("tsx");

function startRunner(dataDir: string, endpoint: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", TSX, RUNNER, dataDir, endpoint, "20", "200"], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, DRSO_LOG_LEVEL: "error" },
  });
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (d: Buffer) => {
      if (d.toString().includes("runner started")) resolve(child);
    });
    child.once("exit", (code) => reject(new Error(`runner exited early (${code})`)));
  });
}

const killed = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });

describe("crash safety: a runner process killed with SIGKILL at random points", () => {
  let env: ExecutionEnv;
  const servers = EXECUTIONS * 2;
  beforeAll(async () => {
    // The parent only creates executions (no runner: it is stopped at once); children drive them.
    env = await startExecutionEnv({
      timeScale: 3000,
      fleet: {
        homeAccountId: HOME,
        accounts: [
          {
            accountId: HOME,
            crossAccountRole: { roleName: "DRSOrchestrationCrossAccountRole" },
            quotas: { maxReplicatingServers: Math.max(300, servers) },
            regions: [
              {
                region: "us-east-1",
                servers: Array.from({ length: servers }, (_, i) => ({
                  hostname: `crash-${i}`,
                  tags: { Execution: String(Math.floor(i / 2)), Wave: String((i % 2) + 1) },
                })),
              },
            ],
          },
        ],
      },
    });
    await env.runner.stop();
  }, 120_000);
  afterAll(() => env.close());

  it(`finishes all ${EXECUTIONS} executions, none lost, no batch launched twice`, async () => {
    const store = new SqliteExecutionStore(env.api.db);
    const runtime = requireExecutions(env.api.deps);
    const actor = { username: "crash-test", roles: ["DRSOrchestrationAdmin" as const] };
    const ids: string[] = [];
    for (let n = 0; n < EXECUTIONS; n++) {
      const w1 = await tagGroup(env.api, { Execution: String(n), Wave: "1" });
      const w2 = await tagGroup(env.api, { Execution: String(n), Wave: "2" });
      const planId = await createPlan(env.api, [
        { waveNumber: 1, protectionGroupIds: [w1] },
        { waveNumber: 2, protectionGroupIds: [w2] },
      ]);
      ids.push((await createExecution(runtime.starter, planId, "DRILL", actor)).executionId);
    }
    const since = new Date(Date.now() - 60 * 60_000);
    const states = async () => Promise.all(ids.map(async (id) => (await store.get(id)) as ExecutionState));
    const unfinished = async () =>
      (await states()).filter((s) => !isTerminalExecutionStatus(s.status)).length;

    let kills = 0;
    const log = pino({ level: "silent" });
    for (let round = 0; round < 200 && (await unfinished()) > 0; round++) {
      const child = await startRunner(env.api.dataDir, env.sim.endpoint);
      // Random points: right after start (reconciliation), mid-launch, mid-poll.
      await new Promise((r) => setTimeout(r, 50 + Math.floor(Math.random() * 400)));
      await killed(child);
      kills += 1;
      log.info({ round }, "killed");
    }
    // A last runner lets the rest finish.
    const last = await startRunner(env.api.dataDir, env.sim.endpoint);
    try {
      const deadline = Date.now() + 120_000;
      while ((await unfinished()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    } finally {
      await killed(last);
    }

    const final = await states();
    expect(final.map((s) => s.status)).toEqual(ids.map(() => "COMPLETED"));
    expect(kills).toBeGreaterThan(0);
    const jobs = await env.adapters.launcher.listJobsSince(HOME, "us-east-1", since);
    const perBatch = new Map<string, number>();
    for (const j of jobs) {
      const key = `${j.tags["drso:executionId"]}/${j.tags["drso:batchId"]}`;
      perBatch.set(key, (perBatch.get(key) ?? 0) + 1);
    }
    expect([...perBatch.values()].filter((n) => n > 1)).toEqual([]);
    expect(perBatch.size).toBe(EXECUTIONS * 2);
  }, 600_000);
});
