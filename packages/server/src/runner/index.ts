export { DrsCapacity } from "./drs-capacity";
export { runnerExecutionDriver } from "./execution-driver";
export {
  type ExecutionListener,
  ExecutionRunner,
  type ExecutionRunnerOptions,
  type RunnerStats,
} from "./execution-runner";
