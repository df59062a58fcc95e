export * from "./in-memory-source-server-catalog";
export * from "./test-server";
