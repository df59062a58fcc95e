import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type { Database } from "better-sqlite3";
import type { Logger } from "pino";

/** SQLite's default: checkpoint when the WAL reaches 1,000 pages. */
const DEFAULT_AUTOCHECKPOINT_PAGES = 1000;

// CommonJS source of the worker (eval'd, so it survives bundling): its own connection to the same
// file runs PASSIVE checkpoints, which never wait for or block the main connection's writers.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
const timer = setInterval(() => db.pragma("wal_checkpoint(PASSIVE)"), workerData.intervalMs);
parentPort.once("message", () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

export interface WalCheckpointer {
  stop(): Promise<void>;
}

/**
 * Moves SQLite's WAL checkpoints off the request path. A checkpoint copies the WAL into the
 * database and fsyncs both; run automatically it happens inside whichever commit crosses the
 * threshold, stalling the event loop for 10–15 ms every few hundred writes, which is what the
 * slowest 1% of API writes waited on. Here a worker thread checkpoints every `intervalMs` instead.
 * If the worker dies, automatic checkpoints are switched back on, so the WAL never grows unbounded.
 */
export function startWalCheckpointer(db: Database, logger: Logger, intervalMs = 1000): WalCheckpointer {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      driver: createRequire(import.meta.url).resolve("better-sqlite3"),
      file: db.name,
      intervalMs,
    },
  });
  worker.unref();
  db.pragma("wal_autocheckpoint = 0");
  let stopping = false;
  const fallBack = (reason: string) => {
    if (stopping || !db.open) return;
    logger.warn({ reason }, "WAL checkpoint worker stopped; SQLite checkpoints automatically again");
    db.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
  };
  worker.once("error", (e) => fallBack(e.message));
  worker.once("exit", (code) => fallBack(`exit code ${code}`));
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        if (stopping) return resolve();
        stopping = true;
        worker.once("exit", () => resolve());
        worker.postMessage("stop");
      }),
  };
}
