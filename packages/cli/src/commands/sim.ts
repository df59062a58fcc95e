import { readFile } from "node:fs/promises";
import { loadConfig } from "@drso/server";
import { type FleetSpec, SIMULATOR_CREDENTIALS, startSimulator } from "@drso/simulator";
import type { Command } from "commander";
import { CliError } from "../cli-error";
import { portInUse } from "../port-in-use";

/**
 * `drso sim`: the DRS/EC2/STS simulator on its own, so that it outlives restarts of the product
 * (point `DRSO_SIM_URL` at it) and so that `aws --endpoint-url` and boto3 can talk to it.
 */
export function registerSimCommand(program: Command): void {
  program
    .command("sim")
    .description(
      "Run the wire-compatible DRS/EC2/STS simulator (port: DRSO_SIM_PORT, speed: DRSO_TIME_SCALE)",
    )
    .option("-p, --port <port>", "listen port (overrides DRSO_SIM_PORT, default 8081; 0 = any free port)")
    .option(
      "--time-scale <factor>",
      "simulated minutes per real minute (overrides DRSO_TIME_SCALE, default 60)",
    )
    .option("--seed <n>", "seed of ids, durations, launch failures and fault rolls", "1")
    .option("--fleet <file>", "JSON fleet spec (accounts → regions → servers) instead of the demo fleet")
    .action(async (opts: { port?: string; timeScale?: string; seed: string; fleet?: string }) => {
      const config = loadConfig({
        ...process.env,
        ...(opts.port !== undefined ? { DRSO_SIM_PORT: opts.port } : {}),
        ...(opts.timeScale !== undefined ? { DRSO_TIME_SCALE: opts.timeScale } : {}),
      });
      const seed = Number(opts.seed);
      if (!Number.isInteger(seed)) throw new CliError(`--seed must be an integer, got '${opts.seed}'`);
      const fleet = opts.fleet === undefined ? undefined : await readFleet(opts.fleet);
      const sim = await startSimulator({
        port: config.simPort,
        host: config.host,
        timeScale: config.timeScale,
        seed,
        ...(fleet !== undefined && { fleet }),
      }).catch((e: unknown) => {
        const port = portInUse(e);
        if (port !== undefined) throw new CliError(`port ${port} is in use — set DRSO_SIM_PORT or --port`);
        throw new CliError(`cannot start the simulator: ${e instanceof Error ? e.message : String(e)}`, 1, {
          cause: e,
        });
      });
      process.stdout.write(
        [
          `DRS simulator listening on ${sim.endpoint} (time scale ${config.timeScale}, seed ${seed})`,
          `  credentials: AWS_ACCESS_KEY_ID=${SIMULATOR_CREDENTIALS.accessKeyId} AWS_SECRET_ACCESS_KEY=${SIMULATOR_CREDENTIALS.secretAccessKey}`,
          `  try:         aws drs describe-source-servers --endpoint-url ${sim.endpoint} --region us-east-1`,
          `  control:     GET ${sim.endpoint}/_sim/state, POST /_sim/reset | /_sim/fleet | /_sim/faults | /_sim/clock`,
          "",
        ].join("\n"),
      );
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
      await sim.close();
    });
}

async function readFleet(path: string): Promise<FleetSpec> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as FleetSpec;
  } catch (e) {
    throw new CliError(`cannot read fleet file ${path}: ${e instanceof Error ? e.message : String(e)}`, 1, {
      cause: e,
    });
  }
}
