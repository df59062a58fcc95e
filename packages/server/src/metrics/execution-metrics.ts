import type { ExecutionState } from "@drso/core";
import type { ExecutionRunner } from "../runner/execution-runner";
import type { SqliteExecutionStore } from "../store/sqlite-execution-store";
import type { ServerMetrics } from "./server-metrics";

const secondsBetween = (start: string | undefined, end: string) =>
  start ? Math.max(0, (Date.parse(end) - Date.parse(start)) / 1000) : undefined;

/**
 * Feeds the execution figures of `metrics`: the gauge counts the store at scrape time, the duration
 * histograms observe the runner's `WaveFinished`/`ExecutionFinished`/`ExecutionForceCancelled`
 * events as they are persisted.
 */
export function recordExecutionMetrics(
  metrics: ServerMetrics,
  runner: ExecutionRunner,
  store: SqliteExecutionStore,
): void {
  metrics.countExecutions = () => store.countByStatusAndType();
  runner.subscribe((state: ExecutionState, events) => {
    for (const e of events) {
      if (e.type === "WaveFinished") {
        const wave = state.waves.find((w) => w.waveNumber === e.waveNumber);
        const seconds = secondsBetween(wave?.startTime, e.at);
        if (seconds !== undefined) metrics.waveFinished(state.executionType, e.status, seconds);
      } else if (e.type === "ExecutionFinished" || e.type === "ExecutionForceCancelled") {
        const seconds = secondsBetween(state.startTime, e.at);
        if (seconds !== undefined) metrics.executionFinished(state.executionType, state.status, seconds);
      }
    }
  });
}
