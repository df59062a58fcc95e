/**
 * `@drso/core/testing`: what the tests of every package share — the execution specification
 * helper and its fixtures (`fleet`, `created`, `given`, …), a simulated DRS for the engine, and the
 * ConfigStore contract suite each store adapter runs. Uses vitest; never imported by the main entry.
 */
export * from "../execution/testing/execution-specification";
export * from "../execution/testing/simulated-drs";
export * from "./config-store-contract";
