export * from "./execution-state-machine-definition";
export * from "./paused-task-tokens";
export * from "./tick-result";
