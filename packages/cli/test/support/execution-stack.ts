import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ExecutionEnv, startExecutionEnv } from "@drso/server/testing";
import type { FleetSpec } from "@drso/simulator";
import { type CliResult, type CliRun, runCli } from "./run-cli";

export interface ExecutionStack {
  env: ExecutionEnv;
  dir: string;
  /** Runs the CLI as the admin against the API, with a private config dir. */
  cli(args: readonly string[], run?: CliRun): Promise<CliResult>;
  close(): Promise<void>;
}

/**
 * The API with the execution runner attached and its DRS/EC2/STS adapters on a simulator, on
 * random ports with a temp data dir (the engine's own end-to-end environment), driven by the CLI
 * as a subprocess.
 */
export async function startExecutionStack(fleet: FleetSpec): Promise<ExecutionStack> {
  const env = await startExecutionEnv({ fleet, timeScale: 1200 });
  const dir = await mkdtemp(join(tmpdir(), "drso-cli-exec-"));
  return {
    env,
    dir,
    cli: (args, run = {}) =>
      runCli(args, {
        cwd: dir,
        ...run,
        env: {
          DRSO_ENDPOINT: env.api.url,
          DRSO_TOKEN: env.api.tokenFor("DRSOrchestrationAdmin"),
          XDG_CONFIG_HOME: join(dir, "config"),
          ...run.env,
        },
      }),
    close: async () => {
      await env.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
