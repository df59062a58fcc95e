import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createPlan,
  type ExecutionEnv,
  startExecutionEnv,
  tagGroup,
  waitForExecution,
} from "./testing/execution-test-env";

interface LogLine {
  level: number;
  msg: string;
  executionId?: string;
  waveNumber?: number;
  jobId?: string;
  minutes?: number;
}

const DEBUG = 20;
const WARN = 40;

describe("runner logs while it waits", () => {
  const lines: LogLine[] = [];
  const logger = pino({ level: "debug" }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  // The runner's clock: real time plus what the test skips ahead.
  let skippedMs = 0;
  const now = () => new Date(Date.now() + skippedMs);
  let env: ExecutionEnv;
  beforeAll(async () => {
    // Simulated time at the real pace: the DRS job stays PENDING for the whole test.
    env = await startExecutionEnv({ timeScale: 1, logger, now });
  });
  afterAll(() => env.close());

  it("logs each wait at debug with the execution, wave and job, and warns when a job shows no change for 10 minutes", async () => {
    const group = await tagGroup(env.api, { Application: "Intranet", Tier: "web" });
    const planId = await createPlan(env.api, [{ waveNumber: 1, protectionGroupIds: [group] }]);
    const started = await env.api.post(`/api/recovery-plans/${planId}/execute`, { executionType: "DRILL" });
    expect(started.status, started.text).toBe(202);
    const id = started.body.data.executionId as string;
    const running = await waitForExecution(env.api, id, (e) => (e.waveStatus[0]?.jobIds.length ?? 0) > 0);
    const jobId = running.waveStatus[0]?.jobIds[0];

    await expect
      .poll(() => lines.filter((l) => l.msg === "waiting for DRS job" && l.executionId === id))
      .toContainEqual(expect.objectContaining({ level: DEBUG, waveNumber: 1, jobId }));
    expect(lines).toContainEqual(
      expect.objectContaining({ level: DEBUG, msg: "waiting until the next tick", executionId: id }),
    );
    expect(lines.filter((l) => l.level === WARN && l.jobId === jobId)).toEqual([]);

    skippedMs = 11 * 60_000;
    await expect
      .poll(async () => {
        await env.runner.runTickNow();
        return lines.filter((l) => l.level === WARN && l.jobId === jobId);
      })
      .toEqual([
        expect.objectContaining({
          executionId: id,
          waveNumber: 1,
          minutes: 11,
          msg: `DRS job ${jobId} shows no change for 11 min (status PENDING)`,
        }),
      ]);
    expect((await env.api.post(`/api/executions/${id}/cancel?force=true`, {})).status).toBe(200);
  });
});
