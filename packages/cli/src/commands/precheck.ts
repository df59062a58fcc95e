import type { Command } from "commander";
import { EXIT } from "../cli-error";
import { type CommonOptions, commandContext, runCommand, withCommonOptions } from "../command-context";
import { findRecoveryPlan } from "../plan-reference";
import { checkReadiness } from "../readiness-check";

export function registerPrecheckCommand(program: Command): void {
  const cmd = program
    .command("precheck")
    .argument("<plan>", "recovery plan name or id")
    .description(
      "Readiness report without launching anything: missing or unhealthy servers, conflicts with active executions, quota headroom; exit 1 when not ready",
    );
  withCommonOptions(cmd, [
    'drso precheck "Three-tier app"',
    'drso precheck "Three-tier app" --output json | jq .findings',
    'drso precheck "Three-tier app" && drso execute "Three-tier app" --drill --watch --auto-approve',
  ]).action(
    runCommand(async (planRef: string, opts: CommonOptions) => {
      const ctx = commandContext(opts);
      const plan = await findRecoveryPlan(ctx.client, planRef);
      const report = await checkReadiness(ctx.client, plan);
      ctx.emitJson(report);
      const { style } = ctx;
      ctx.say(
        `${style.bold(`Precheck of "${plan.planName}"`)}: ${report.servers.length} servers in ${plan.waves.length} waves`,
      );
      const healthy =
        report.servers.length -
        report.findings.filter((f) => f.check !== "quotas" && f.serverId && f.status === "fail").length;
      ctx.say(`  servers replicating healthily: ${healthy}/${report.servers.length}`);
      for (const f of report.findings) {
        const mark =
          f.status === "ok" ? style.green("✓") : f.status === "warning" ? style.yellow("!") : style.red("✗");
        ctx.say(`  ${mark} ${f.check}: ${f.message}`);
      }
      if (!report.findings.some((f) => f.check === "conflicts"))
        ctx.say(`  ${style.green("✓")} conflicts: no active execution uses these servers`);
      ctx.say(
        report.ready
          ? style.green("READY: the plan can start.")
          : style.red("NOT READY: fix the ✗ findings above."),
      );
      return report.ready ? EXIT.ok : EXIT.failed;
    }),
  );
}
