export * from "./execution-state-machine-definition";
export * from "./paused-task-tokens";
export * from "./step-functions-execution-driver";
export * from "./tick-result";
export * from "./unstarted-execution";
