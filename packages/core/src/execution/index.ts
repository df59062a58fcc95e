export * from "./execution";
export * from "./execution-commands";
export * from "./execution-engine";
export * from "./execution-events";
export * from "./execution-state";
export * from "./execution-store";
export * from "./execution-view";
export * from "./plan-compiler";
