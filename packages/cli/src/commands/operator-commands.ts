import type { Command } from "commander";
import { registerAccountsCommand } from "./accounts";
import { registerApplyCommand } from "./apply";
import { registerExecuteCommand } from "./execute";
import { registerExecutionsCommand } from "./executions";
import { registerExportCommand } from "./export";
import { registerLoginCommands } from "./login";
import { registerPrecheckCommand } from "./precheck";
import { registerSchemaCommands } from "./schema";

/**
 * The operator's commands that talk to the API: login, plans as code (apply, export, schema,
 * validate), execute/watch, executions, precheck, target accounts. `main.ts` registers them with one call.
 */
export function registerOperatorCommands(program: Command): void {
  registerLoginCommands(program);
  registerApplyCommand(program);
  registerExportCommand(program);
  registerSchemaCommands(program);
  registerExecuteCommand(program);
  registerExecutionsCommand(program);
  registerPrecheckCommand(program);
  registerAccountsCommand(program);
}
