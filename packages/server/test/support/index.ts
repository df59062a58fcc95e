/**
 * `@drso/server/testing`: the API on a temporary SQLite store (`startTestServer`), an in-memory
 * source-server catalog, and the API + runner + simulator stack of execution tests, for the tests
 * of this package and of the CLI.
 */

export * from "../../src/runner/testing/execution-test-env";
export * from "./in-memory-source-server-catalog";
export * from "./test-server";
