import type {
  ConfigStore,
  ExecutionDriver,
  ExecutionStore,
  LaunchSettingsPort,
  RecoveryLauncher,
  SourceServerCatalog,
} from "@drso/core";
import type { LaunchInventoryLookup } from "./group-launch-settings";

/** What starting an execution needs (`createExecution`): the stores, DRS, the clock, poll bounds. */
export interface ExecutionStarterDeps {
  store: ConfigStore;
  executions: ExecutionStore;
  catalog: SourceServerCatalog;
  launcher?: RecoveryLauncher;
  now: () => Date;
  pollMinMs: number;
  pollMaxMs: number;
  /** When set, groups' `launchSettings` defaults are applied to their servers before launch. */
  launchSettings?: LaunchSettingsPort;
  /** When set, each server's resulting launch template is checked against EC2 before any is changed. */
  launchInventory?: LaunchInventoryLookup;
}

/**
 * What the execution use cases need, set on `AppDeps.executions` by the wiring: who drives
 * executions (the in-process runner, or Step Functions on AWS), where they are stored, how to
 * start one.
 */
export interface ExecutionsRuntime {
  driver: ExecutionDriver;
  store: ExecutionStore;
  starter: ExecutionStarterDeps;
}
