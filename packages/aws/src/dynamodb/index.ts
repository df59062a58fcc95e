export * from "./dynamodb-client";
export * from "./dynamodb-config-store";
export * from "./dynamodb-execution-store";
export * from "./dynamodb-user-store";
export * from "./schedule-marker";
export * from "./table-schema";
