/**
 * A failure the CLI reports as one line on stderr with a chosen exit code. Everything a command
 * throws ends up here (see `runCommand`), so users never see a stack trace.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "CliError";
  }
}

/** Exit codes scripts and pipelines rely on. */
export const EXIT = {
  ok: 0,
  failed: 1,
  /** `execute --watch` ended PARTIAL: some servers recovered, some did not. */
  partial: 2,
} as const;
