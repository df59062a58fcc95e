import { setFlagsFromString } from "node:v8";
import { loadConfig, startServer } from "@drso/server";
import type { Command } from "commander";

/**
 * V8 lets the heap grow up to 4× the live data between full collections when it judges GC cheap.
 * The runner's work is bursts of large, short-lived strings (DRS pages, execution snapshots), so
 * that growth is mostly garbage: a fixed 1.3× factor keeps a 3,000-server recovery near 200 MB of
 * RSS instead of ~260 MB, for a few percent more GC time (see `npm run bench:engine`).
 */
const HEAP_GROWING_FLAG = "--heap-growing-percent=30";

/** `drso serve`: API + UI (and, in simulator mode, the simulator) configured by DRSO_* variables. */
export function registerServeCommand(program: Command): void {
  program
    .command("serve")
    .description("Serve the API and web UI (configuration: DRSO_* environment variables, see README)")
    .option("-p, --port <port>", "listen port (overrides DRSO_PORT)")
    .option("--data-dir <dir>", "data directory (overrides DRSO_DATA_DIR)")
    .action(async (opts: { port?: string; dataDir?: string }) => {
      const config = loadConfig({
        ...process.env,
        ...(opts.port !== undefined ? { DRSO_PORT: opts.port } : {}),
        ...(opts.dataDir !== undefined ? { DRSO_DATA_DIR: opts.dataDir } : {}),
      });
      setFlagsFromString(HEAP_GROWING_FLAG);
      await startServer(config);
    });
}
