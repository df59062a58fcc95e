import { backupDatabase, DatabaseBackupError, loadConfig, restoreDatabase } from "@drso/server";
import type { Command } from "commander";
import { CliError } from "../cli-error";

const dataDirOf = (dataDir: string | undefined): string =>
  loadConfig({ ...process.env, ...(dataDir ? { DRSO_DATA_DIR: dataDir } : {}) }).dataDir;

/** Refusals are one line, like every other CLI failure. */
function oneLine<T>(run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof DatabaseBackupError) throw new CliError(e.message);
    throw e;
  }
}

const kib = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024))} KiB`;

/** `drso backup <file>` and `drso restore <file>`: the embedded mode's database (DRSO_DATA_DIR). */
export function registerBackupCommands(program: Command): void {
  program
    .command("backup <file>")
    .description("Copy the database to <file> (safe while the server runs; checked with quick_check)")
    .option("--data-dir <dir>", "data directory (overrides DRSO_DATA_DIR)")
    .action((target: string, opts: { dataDir?: string }) => {
      const done = oneLine(() => backupDatabase(dataDirOf(opts.dataDir), target));
      process.stdout.write(`Backed up the database to ${done.file} (${kib(done.bytes)}, quick_check ok)\n`);
    });

  program
    .command("restore <file>")
    .description("Replace the database with a backup (stop the server first; the old one is kept)")
    .option("--data-dir <dir>", "data directory (overrides DRSO_DATA_DIR)")
    .action((backup: string, opts: { dataDir?: string }) => {
      const done = oneLine(() => restoreDatabase(dataDirOf(opts.dataDir), backup));
      process.stdout.write(`Restored ${backup} as ${done.file}\n`);
      if (done.replaced) process.stdout.write(`The database it replaced is kept as ${done.replaced}\n`);
    });
}
