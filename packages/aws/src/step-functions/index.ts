export * from "./execution-state-machine-definition";
export * from "./tick-result";
