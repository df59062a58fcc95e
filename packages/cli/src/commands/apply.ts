import { type PlanChange, planChanges } from "@drso/core";
import { type Command, Option } from "commander";
import { preflightApply } from "../apply-preflight";
import { CliError } from "../cli-error";
import { type CommonOptions, commandContext, runCommand, withCommonOptions } from "../command-context";
import { InstalledState } from "../installed-state";
import { applyPlanChanges } from "../plan-applier";
import { renderPlanChanges } from "../plan-diff-renderer";
import { readPlanFile } from "../plan-file";
import { ask, canPrompt } from "../terminal-prompt";

interface ApplyOptions extends CommonOptions {
  file: string;
  dryRun?: boolean;
  prune?: boolean;
  yes?: boolean;
}

const summary = (c: PlanChange) => ({
  action: c.action,
  kind: c.kind,
  name: c.name,
  ...(c.action === "update" ? { fields: c.fields } : {}),
});

export function registerApplyCommand(program: Command): void {
  const cmd = program
    .command("apply")
    .description(
      "Make the installation match a plans-as-code file: create, update (and with --prune delete) protection groups and recovery plans, matched by name",
    )
    .addOption(
      new Option("-f, --file <path>", "YAML or JSON plan document ('-' reads stdin)").makeOptionMandatory(),
    )
    .option("--dry-run", "print the changes without making them")
    .option("--prune", "delete groups and plans the file does not declare")
    .option("-y, --yes", "apply without asking (scripts and CI); on a terminal apply asks first");
  withCommonOptions(cmd, [
    "drso apply -f examples/three-tier-app.yaml --dry-run",
    "drso apply -f plans/prod.yaml --prune",
    "drso apply -f plans/prod.yaml --yes   # in CI",
    "drso apply -f plan.json --output json",
  ]).action(
    runCommand(async (opts: ApplyOptions) => {
      // Validate the whole file before talking to the server: a bad file changes nothing.
      const desired = readPlanFile(opts.file);
      const ctx = commandContext(opts);
      const state = await InstalledState.load(ctx.client);
      const changes = planChanges(desired, state.document, { prune: opts.prune ?? false });
      ctx.say(renderPlanChanges(changes, ctx.style, opts.file));
      if (opts.dryRun || changes.length === 0) {
        ctx.emitJson({ dryRun: opts.dryRun ?? false, applied: false, changes: changes.map(summary) });
        return 0;
      }
      await preflightApply(ctx.client, changes);
      // On a terminal a person reads the diff above before anything changes; pipelines pass --yes.
      if (!opts.yes && canPrompt() && !ctx.json) {
        const n = `${changes.length} change${changes.length > 1 ? "s" : ""}`;
        const answer = await ask(`Apply these ${n}? [y/N] `);
        if (!/^y(es)?$/i.test(answer)) throw new CliError("not confirmed; nothing applied");
      }
      ctx.say();
      await applyPlanChanges(ctx.client, state, changes, (c) => {
        const sign = c.action === "create" ? "+" : c.action === "update" ? "~" : "-";
        const kind = c.kind === "protectionGroup" ? "protection group" : "recovery plan";
        ctx.say(`${sign} ${kind} "${c.name}": ${c.action}d`);
      });
      ctx.say(
        ctx.style.green(`Apply complete: ${changes.length} change${changes.length > 1 ? "s" : ""} applied.`),
      );
      ctx.emitJson({ dryRun: false, applied: true, changes: changes.map(summary) });
      return 0;
    }),
  );
}
