import { isDomainError } from "@drso/core";
import { ConfigError, DatabaseIntegrityError, PRODUCT_VERSION } from "@drso/server";
import { Command, CommanderError } from "commander";
import { CliError } from "./cli-error";
import { registerApiKeysCommand } from "./commands/apikeys";
import { registerBackupCommands } from "./commands/backup";
import { registerInvokeCommand } from "./commands/invoke";
import { registerOperatorCommands } from "./commands/operator-commands";
import { registerServeCommand } from "./commands/serve";
import { registerSimCommand } from "./commands/sim";
import { registerUsersCommand } from "./commands/users";

/**
 * `drso`: one command group per file under `commands/`, registered here. To add a group, write
 * `commands/<group>.ts` exporting `register<Group>Command(program)` and call it below.
 */
// `drso … | head -1` closes the pipe early: that is the reader's choice, not an error to report.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(0);
    throw e;
  });
}

const program = new Command()
  .name("drso")
  .description("DRS Orchestrator: disaster-recovery orchestration for AWS Elastic Disaster Recovery")
  .version(PRODUCT_VERSION, "-V, --version", "print the version of DRS Orchestrator")
  .showHelpAfterError()
  .exitOverride();

registerServeCommand(program);
registerSimCommand(program);
registerUsersCommand(program);
registerBackupCommands(program);
registerApiKeysCommand(program);
registerOperatorCommands(program);
registerInvokeCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  // Help and version output arrive as CommanderErrors with exit code 0.
  if (e instanceof CommanderError) process.exit(e.exitCode);
  if (
    e instanceof ConfigError ||
    e instanceof CliError ||
    e instanceof DatabaseIntegrityError ||
    isDomainError(e)
  ) {
    process.stderr.write(`drso: ${e.message}\n`);
    process.exit(e instanceof CliError ? e.exitCode : 1);
  }
  throw e;
}
