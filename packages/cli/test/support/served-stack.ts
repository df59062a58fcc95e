import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type CliResult, type CliRun, runCli } from "./run-cli";

const BIN = fileURLToPath(new URL("../../bin/drso.js", import.meta.url));
export const ADMIN_PASSWORD = "drill-admin-password";

export interface ServedStack {
  /** API + UI, e.g. http://127.0.0.1:41234 */
  url: string;
  /** The simulator's base URL when `drso serve` printed it. */
  simUrl?: string;
  dir: string;
  /** Everything `drso serve` printed so far (for failure messages). */
  log(): string;
  /** Runs the CLI against this server with a private config dir (log in first, or pass DRSO_TOKEN). */
  cli(args: readonly string[], run?: CliRun): Promise<CliResult>;
  /** kill -9: no orderly shutdown; the temp dir stays (a restart may use its data dir). */
  crash(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The product as users start it: `drso serve` (API, execution runner and the bundled simulator with
 * its demo fleet) in a subprocess, on random ports, with a temp data dir and a fast simulator clock.
 */
export async function startServedStack(env: Record<string, string> = {}): Promise<ServedStack> {
  const dir = await mkdtemp(join(tmpdir(), "drso-cli-served-"));
  const child: ChildProcess = spawn(process.execPath, [BIN, "serve"], {
    cwd: dir,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DRSO_PORT: "0",
      DRSO_SIM_PORT: "0",
      DRSO_DATA_DIR: join(dir, "data"),
      DRSO_TIME_SCALE: "600",
      DRSO_ADMIN_PASSWORD: ADMIN_PASSWORD,
      DRSO_LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      // "Login:" is the last line of the start banner, after the API and simulator URLs.
      const m = /API:\s+(http:\/\/\S+?)\/api\b/.exec(output);
      if (m?.[1] && /Login:/.test(output)) resolve(m[1]);
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) =>
      reject(new Error(`drso serve exited (${code}) before it listened:\n${output}`)),
    );
    setTimeout(() => reject(new Error(`drso serve did not start within 60 s:\n${output}`)), 60_000).unref();
  });
  const simUrl = /Simulator:\s+(http:\/\/\S+)/i.exec(output)?.[1];
  return {
    url,
    ...(simUrl ? { simUrl } : {}),
    dir,
    log: () => output,
    cli: (args, run = {}) =>
      runCli(args, {
        cwd: dir,
        ...run,
        env: { DRSO_ENDPOINT: url, XDG_CONFIG_HOME: join(dir, "config"), ...run.env },
      }),
    crash: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGKILL");
        await exited;
      }
    },
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
