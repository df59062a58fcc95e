import { writeFileSync } from "node:fs";
import type { PlanDocument } from "@drso/core";
import type { Command } from "commander";
import { stringify } from "yaml";
import { CliError } from "../cli-error";
import { type CommonOptions, commandContext, runCommand, withCommonOptions } from "../command-context";
import { InstalledState } from "../installed-state";

interface ExportOptions extends CommonOptions {
  out?: string;
  format?: "yaml" | "json";
}

/** Wave fields at their default value are left out, so exported files read like hand-written ones. */
function tidy(doc: PlanDocument): PlanDocument {
  return {
    ...doc,
    recoveryPlans: doc.recoveryPlans.map((p) => ({
      ...p,
      waves: p.waves.map((w) => {
        const { pauseBeforeWave, onFailure, ...rest } = w;
        return {
          ...rest,
          ...(pauseBeforeWave ? { pauseBeforeWave } : {}),
          ...(onFailure !== "STOP" ? { onFailure } : {}),
        } as typeof w;
      }),
    })),
  };
}

export function renderDocument(doc: PlanDocument, format: "yaml" | "json", source: string): string {
  if (format === "json") return `${JSON.stringify(doc, null, 2)}\n`;
  const header = `# DRS Orchestrator plans as code, exported from ${source} on ${new Date().toISOString()}.\n# Apply with: drso apply -f <this file>   (JSON Schema: drso schema)\n`;
  return header + stringify(doc, { lineWidth: 0 });
}

export function registerExportCommand(program: Command): void {
  const cmd = program
    .command("export")
    .description("Write the installed protection groups and recovery plans as a plans-as-code document")
    .option("-o, --out <path>", "write to this file instead of stdout (.json → JSON)")
    .option("--format <format>", "yaml or json (default: from the file extension, else yaml)");
  withCommonOptions(cmd, [
    "drso export -o plans/prod.yaml",
    "drso export --format json > plans.json",
    "drso export -o current.yaml && drso apply -f current.yaml --dry-run   # no changes",
  ]).action(
    runCommand(async (opts: ExportOptions) => {
      const ctx = commandContext(opts);
      if (opts.format && opts.format !== "yaml" && opts.format !== "json")
        throw new CliError(`--format must be yaml or json, not '${opts.format}'`);
      const format =
        opts.format ?? (opts.out?.endsWith(".json") || (!opts.out && ctx.json) ? "json" : "yaml");
      const state = await InstalledState.load(ctx.client);
      const text = renderDocument(tidy(state.document), format, ctx.client.endpoint);
      if (!opts.out) {
        process.stdout.write(text);
        return 0;
      }
      writeFileSync(opts.out, text);
      const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;
      const counts = `${plural(state.groups.length, "protection group")} and ${plural(state.plans.length, "recovery plan")}`;
      ctx.say(`Exported ${counts} to ${opts.out}`);
      ctx.emitJson({
        file: opts.out,
        protectionGroups: state.groups.length,
        recoveryPlans: state.plans.length,
      });
      return 0;
    }),
  );
}
