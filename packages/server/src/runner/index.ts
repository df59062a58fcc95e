export { DrsCapacity } from "./drs-capacity";
export { type ExecutionDriver, runnerExecutionDriver } from "./execution-driver";
export {
  type ExecutionListener,
  ExecutionRunner,
  type ExecutionRunnerOptions,
  type RunnerStats,
} from "./execution-runner";
