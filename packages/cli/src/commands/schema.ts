import { writeFileSync } from "node:fs";
import { type PlanDocument, planDocumentJsonSchema } from "@drso/core";
import type { Command } from "commander";
import { runCommand } from "../command-context";
import { readPlanFile } from "../plan-file";

export function registerSchemaCommands(program: Command): void {
  program
    .command("schema")
    .description("Print the JSON Schema of plans-as-code documents (generated from the core zod schemas)")
    .option("-o, --out <path>", "write to this file instead of stdout")
    .addHelpText(
      "after",
      "\nExamples:\n  $ drso schema > drso-plan.schema.json\n  # then in a YAML file, for editor completion:\n  # yaml-language-server: $schema=./drso-plan.schema.json\n",
    )
    .action(
      runCommand(async (opts: { out?: string }) => {
        const text = `${JSON.stringify(planDocumentJsonSchema(), null, 2)}\n`;
        if (opts.out) writeFileSync(opts.out, text);
        else process.stdout.write(text);
        return 0;
      }),
    );

  program
    .command("validate")
    .description(
      "Check a plans-as-code file offline (schema, names, wave references) without contacting the API",
    )
    .requiredOption("-f, --file <path>", "YAML or JSON plan document ('-' reads stdin)")
    .option("--output <format>", "text or json", "text")
    .addHelpText("after", "\nExamples:\n  $ drso validate -f examples/three-tier-app.yaml\n")
    .action(
      runCommand(async (opts: { file: string; output: string }) => {
        const doc: PlanDocument = readPlanFile(opts.file);
        const summary = {
          protectionGroups: doc.protectionGroups.length,
          recoveryPlans: doc.recoveryPlans.length,
        };
        if (opts.output === "json") process.stdout.write(`${JSON.stringify({ valid: true, ...summary })}\n`);
        else
          process.stdout.write(
            `${opts.file} is valid: ${summary.protectionGroups} protection group${summary.protectionGroups === 1 ? "" : "s"}, ${summary.recoveryPlans} recovery plan${summary.recoveryPlans === 1 ? "" : "s"}.\n`,
          );
        return 0;
      }),
    );
}
