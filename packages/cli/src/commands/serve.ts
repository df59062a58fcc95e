import { loadConfig, startServer, tuneHeapForServing } from "@drso/server";
import type { Command } from "commander";
import { CliError } from "../cli-error";
import { portInUse } from "../port-in-use";

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
      tuneHeapForServing();
      await startServer(config).catch((e: unknown) => {
        const port = portInUse(e);
        if (port === undefined) throw e;
        // The simulator starts first; its port and the API's are set by different variables.
        throw port === config.simPort && port !== config.port
          ? new CliError(
              `simulator port ${port} is in use — set DRSO_SIM_PORT (or DRSO_SIM_URL to a running 'drso sim')`,
            )
          : new CliError(`port ${port} is in use — set DRSO_PORT`);
      });
    });
}
