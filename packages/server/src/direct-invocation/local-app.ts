import { createAwsAdapters, resolveHomeAccountId } from "@drso/aws";
import { type ExecutionDriver, type TargetAccount, UpstreamError } from "@drso/core";
import { SIMULATOR_CREDENTIALS } from "@drso/simulator";
import pino from "pino";
import { createApp } from "../app";
import type { App, AppDeps } from "../app-deps";
import { wireAwsAdapters } from "../aws-adapter-wiring";
import type { ServerConfig } from "../config";
import { createEmbeddedDeps, DEFAULT_HOME_ACCOUNT_ID } from "../embedded-deps";
import { attachExecutionsRuntime } from "../services/executions";

import { SqliteExecutionStore } from "../store/sqlite-execution-store";

/**
 * Operations that start or steer an execution. Only the process that runs the executions (`drso
 * serve`) may do them; a local app refuses them before anything is written.
 */
export const RUNNER_OPERATIONS: ReadonlySet<string> = new Set([
  "execute_recovery_plan",
  "pause_execution",
  "resume_execution",
  "cancel_execution",
  "retry_execution",
  "terminate_recovery_instances",
]);

/** Executions are read from the store; nothing is driven here (`drso serve` drives them). */
const storeOnlyDriver: ExecutionDriver = {
  live: false,
  current: () => undefined,
  started: async () => {
    throw new UpstreamError("EXECUTIONS_UNAVAILABLE", "Executions run in 'drso serve'");
  },
  act: async () => {
    throw new UpstreamError("EXECUTIONS_UNAVAILABLE", "Executions run in 'drso serve'");
  },
  subscribe: () => () => {},
};

export interface LocalApp {
  app: App;
  deps: AppDeps;
  close(): void;
}

/**
 * The API app over the local data dir, in process and without a listener: the store of
 * `drso serve` (SQLite WAL, so it works while the server runs) and the same DRS/EC2 adapters —
 * against DRSO_SIM_URL, else the bundled simulator's port, in simulator mode; AWS otherwise.
 * Used by `drso invoke`.
 */
export async function openLocalApp(config: ServerConfig): Promise<LocalApp> {
  // Logs go to stderr: stdout carries only the operation's JSON answer.
  const logger = pino({ level: config.logLevel === "info" ? "warn" : config.logLevel }, pino.destination(2));
  const endpoint =
    config.mode === "simulator"
      ? (config.simUrl?.replace(/\/+$/, "") ?? `http://127.0.0.1:${config.simPort}`)
      : undefined;
  const edge = endpoint ? { endpoint, credentials: { ...SIMULATOR_CREDENTIALS } } : {};
  let targetAccounts = async (): Promise<TargetAccount[]> => [];
  // The simulator's home account is fixed (no call, so reads work while the simulator is down);
  // in AWS mode the home account is the caller's, as `drso serve` resolves it.
  const homeAccountId = endpoint ? DEFAULT_HOME_ACCOUNT_ID : await resolveHomeAccountId(edge);
  const aws = createAwsAdapters({ ...edge, homeAccountId, targetAccounts: () => targetAccounts(), logger });
  const { deps, db, close } = createEmbeddedDeps({
    dataDir: config.dataDir,
    logger,
    catalog: aws.catalog,
    mode: config.mode,
    homeAccountId,
  });
  targetAccounts = () => deps.store.listTargetAccounts();
  wireAwsAdapters(deps, aws);
  const executions = new SqliteExecutionStore(db);
  attachExecutionsRuntime(deps, {
    driver: storeOnlyDriver,
    store: executions,
    starter: {
      store: deps.store,
      executions,
      catalog: aws.catalog,
      launcher: aws.launcher,
      now: deps.now,
      pollMinMs: config.poll.minMs,
      pollMaxMs: config.poll.maxMs,
    },
  });
  return {
    app: createApp(deps),
    deps,
    close: () => {
      aws.destroy();
      close();
    },
  };
}
