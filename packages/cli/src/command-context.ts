import { type Command, Option } from "commander";
import { ApiClient, ApiError, DEFAULT_ENDPOINT, describeApiError } from "./api-client";
import { CliError, EXIT } from "./cli-error";
import { resolveCredentials } from "./credentials-store";
import { type TerminalStyle, terminalStyle } from "./terminal-style";

/** Options every API command accepts. */
export interface CommonOptions {
  endpoint?: string;
  output: "text" | "json";
}

/** Adds `--endpoint` and `--output` and the examples shown by `--help`. */
export function withCommonOptions(cmd: Command, examples: readonly string[]): Command {
  return cmd
    .option("--endpoint <url>", `API base URL (env DRSO_ENDPOINT, default ${DEFAULT_ENDPOINT})`)
    .addOption(
      new Option("--output <format>", "text for people, json for scripts")
        .choices(["text", "json"])
        .default("text"),
    )
    .addHelpText("after", `\nExamples:\n${examples.map((e) => `  $ ${e}`).join("\n")}\n`);
}

export interface CommandContext {
  client: ApiClient;
  json: boolean;
  style: TerminalStyle;
  /** A line for people; suppressed in `--output json` so stdout stays parseable. */
  say(line?: string): void;
  /** The machine-readable result in `--output json`. */
  emitJson(value: unknown): void;
}

export function commandContext(opts: CommonOptions, env: NodeJS.ProcessEnv = process.env): CommandContext {
  const endpoint = (opts.endpoint ?? env.DRSO_ENDPOINT ?? DEFAULT_ENDPOINT).replace(/\/+$/, "");
  try {
    new URL(endpoint);
  } catch {
    throw new CliError(`--endpoint '${endpoint}' is not a URL (example: ${DEFAULT_ENDPOINT})`);
  }
  const json = opts.output === "json";
  return {
    client: new ApiClient(endpoint, resolveCredentials(endpoint, env)),
    json,
    style: terminalStyle(json ? { isTTY: false } : process.stdout, env),
    say: (line = "") => {
      if (!json) process.stdout.write(`${line}\n`);
    },
    emitJson: (value) => {
      if (json) process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    },
  };
}

/** The one line printed for any failure; never a stack trace. */
export function errorLine(e: unknown): string {
  if (e instanceof ApiError) return describeApiError(e);
  if (e instanceof Error) return e.message;
  return String(e);
}

/**
 * Wraps a command action: its return value is the exit code, and anything it throws becomes one
 * line on stderr with exit code 1 (or the CliError's own code).
 */
export function runCommand<A extends unknown[]>(fn: (...args: A) => Promise<number | undefined>) {
  return async (...args: A): Promise<void> => {
    try {
      process.exitCode = (await fn(...args)) ?? EXIT.ok;
    } catch (e) {
      const style = terminalStyle(process.stderr);
      process.stderr.write(`${style.red("error:")} ${errorLine(e)}\n`);
      process.exitCode = e instanceof CliError ? e.exitCode : EXIT.failed;
    }
  };
}
