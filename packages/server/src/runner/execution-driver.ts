import type { ExecutionDriver } from "@drso/core";
import type { ExecutionRunner } from "./execution-runner";

/** The in-process driver of `drso serve`: the runner ticks the execution itself. */
export const runnerExecutionDriver = (runner: ExecutionRunner): ExecutionDriver => ({
  live: true,
  current: (id) => runner.current(id),
  started: async (state) => runner.track(state),
  act: (id, action, actor) => runner.act(id, action, actor),
  subscribe: (listener) => runner.subscribe(listener),
});
