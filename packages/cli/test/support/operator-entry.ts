import { Command } from "commander";
import { registerOperatorCommands } from "../../src/commands/operator-commands";

/** Stand-in for `src/main.ts` while it does not exist: the operator commands only. */
const program = new Command("drso");
registerOperatorCommands(program);
await program.parseAsync();
