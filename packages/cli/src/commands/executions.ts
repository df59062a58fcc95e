import { writeFileSync } from "node:fs";
import { type Command, Option } from "commander";
import { ApiError } from "../api-client";
import { CliError } from "../cli-error";
import { type CommonOptions, commandContext, runCommand, withCommonOptions } from "../command-context";
import {
  type ExecutionView,
  elapsedVsRto,
  formatDuration,
  progressOf,
  waveLine,
} from "../execution-progress";
import { executionReportHtml, executionReportTable } from "../execution-report";
import { ask, canPrompt } from "../terminal-prompt";
import { renderTable } from "../text-table";

interface ListOptions extends CommonOptions {
  plan?: string;
  status?: string;
  limit: string;
}
interface CancelOptions extends CommonOptions {
  force?: boolean;
  yes?: boolean;
}
interface ReportOptions extends CommonOptions {
  format: "json" | "table" | "html";
  out?: string;
}

const path = (id: string) => `/executions/${encodeURIComponent(id)}`;

/** `pause`, `resume`, ... are the same call with different words around it. */
const ACTIONS = [
  {
    name: "pause",
    endpoint: "pause",
    help: "pause before the next wave (running DRS jobs finish)",
    done: "pause requested",
  },
  {
    name: "resume",
    endpoint: "resume",
    help: "resume a paused execution (approve the next wave)",
    done: "resumed",
  },
  {
    name: "cancel",
    endpoint: "cancel",
    help: "stop starting new waves; running DRS jobs finish",
    done: "cancel requested",
  },
  {
    name: "retry",
    endpoint: "retry",
    help: "relaunch the failed servers of a PARTIAL or FAILED execution",
    done: "retry started",
  },
  {
    name: "terminate",
    endpoint: "terminate-instances",
    help: "terminate the recovery instances of a finished execution (drill clean-up)",
    done: "termination started",
  },
] as const;

export function registerExecutionsCommand(program: Command): void {
  const executions = program
    .command("executions")
    .description("List, inspect and control executions")
    .addHelpText(
      "after",
      "\nExamples:\n  $ drso executions list --status RUNNING\n  $ drso executions show <id>\n  $ drso executions cancel <id> --force --yes\n  $ drso executions terminate <id>\n  $ drso executions report <id> --format html -o drill.html\n",
    );

  const list = executions
    .command("list")
    .description("Executions, newest first")
    .option("--plan <name>", "only executions of this plan (name or id)")
    .option("--status <status>", "only this status (RUNNING, PAUSED, COMPLETED, PARTIAL, FAILED, ...)")
    .option("--limit <n>", "at most this many", "50");
  withCommonOptions(list, [
    "drso executions list",
    'drso executions list --plan "Three-tier app" --output json',
  ]).action(
    runCommand(async (opts: ListOptions) => {
      const ctx = commandContext(opts);
      const limit = Math.max(1, Number.parseInt(opts.limit, 10) || 50);
      const all = await ctx.client.listAll<ExecutionView>("/executions");
      const plan = opts.plan?.toLowerCase();
      const items = all
        .filter((e) => !plan || e.planId === opts.plan || e.planName?.toLowerCase() === plan)
        .filter((e) => !opts.status || e.status === opts.status.toUpperCase())
        .sort((a, b) => (b.startTime ?? "").localeCompare(a.startTime ?? ""))
        .slice(0, limit);
      ctx.emitJson(items);
      if (items.length === 0) ctx.say("No executions.");
      else
        ctx.say(
          renderTable(
            ["EXECUTION", "PLAN", "TYPE", "STATUS", "STARTED", "DURATION"],
            items.map((e) => [
              e.executionId,
              e.planName ?? "",
              e.executionType ?? "",
              e.status,
              e.startTime ?? "",
              formatDuration(progressOf(e, new Date()).elapsedMs),
            ]),
          ),
        );
      return 0;
    }),
  );

  const show = executions
    .command("show")
    .argument("<id>", "execution id")
    .description("An execution's waves and servers");
  withCommonOptions(show, [
    "drso executions show <id>",
    "drso executions show <id> --output json | jq .status",
  ]).action(
    runCommand(async (id: string, opts: CommonOptions) => {
      const ctx = commandContext(opts);
      const e = await ctx.client.get<ExecutionView>(path(id));
      ctx.emitJson(e);
      const p = progressOf(e, new Date());
      ctx.say(
        `${ctx.style.bold(`${e.executionType ?? ""} ${e.planName ?? ""}`)}  ${e.status}  (${e.executionId})`,
      );
      ctx.say(`${p.healthy}/${p.total} servers healthy, ${p.failed} failed · ${elapsedVsRto(p)}`);
      for (const w of e.waveStatus ?? []) {
        ctx.say(`  ${waveLine(w)}`);
        for (const s of w.servers ?? [])
          ctx.say(
            `    ${s.hostname ?? s.serverId} ${s.serverId} ${s.launchStatus ?? ""} ${s.health ?? ""}${s.dataAgeSeconds !== undefined ? ` · ${s.replicationState ?? ""} data age ${formatDuration(s.dataAgeSeconds * 1000)}` : ""}${s.terminatedAt ? ` · terminated ${s.terminatedAt}` : ""}${s.error ? ` — ${s.error}` : ""}`,
          );
      }
      return 0;
    }),
  );

  for (const action of ACTIONS) {
    const cmd = executions.command(action.name).argument("<id>", "execution id").description(action.help);
    if (action.name === "cancel")
      cmd
        .option(
          "--force",
          "end it CANCELLED now without waiting for DRS jobs (asks on a terminal unless --yes)",
        )
        .option("-y, --yes", "do not ask for confirmation of --force");
    withCommonOptions(
      cmd,
      action.name === "cancel"
        ? ["drso executions cancel <id>", "drso executions cancel <id> --force --yes"]
        : [`drso executions ${action.name} <id>`],
    ).action(
      runCommand(async (id: string, opts: CancelOptions) => {
        const ctx = commandContext(opts);
        if (opts.force && !opts.yes) {
          // Forcing abandons DRS jobs in flight: a person confirms it, scripts say --yes.
          if (!canPrompt()) throw new CliError("--force needs --yes when not run from a terminal");
          const answer = await ask(
            `Force-cancel execution ${id}? It ends CANCELLED now and its DRS jobs are not waited for. [y/N] `,
          );
          if (!/^y(es)?$/i.test(answer)) throw new CliError("not confirmed; nothing cancelled");
        }
        const endpoint = opts.force ? `${action.endpoint}?force=true` : action.endpoint;
        const result = await ctx.client.post<ExecutionView | undefined>(`${path(id)}/${endpoint}`);
        ctx.emitJson(result ?? { executionId: id });
        const done = opts.force ? "force-cancelled" : action.done;
        ctx.say(`Execution ${id}: ${done}${result?.status ? ` (status ${result.status})` : ""}`);
        return 0;
      }),
    );
  }

  const report = executions
    .command("report")
    .argument("<id>", "execution id")
    .description("An execution report for audit evidence: JSON, a text table, or a standalone HTML page")
    .addOption(
      new Option("--format <format>", "report format").choices(["json", "table", "html"]).default("table"),
    )
    .option("-o, --out <path>", "write to this file instead of stdout");
  withCommonOptions(report, [
    "drso executions report <id>",
    "drso executions report <id> --format html -o drill-report.html",
  ]).action(
    runCommand(async (id: string, opts: ReportOptions) => {
      const ctx = commandContext(opts);
      const e = await ctx.client.get<ExecutionView>(path(id));
      let text: string;
      if (opts.format === "json" || ctx.json) {
        // The API's report adds what the detail lacks (job logs, timeline); older servers have none.
        const serverReport = await ctx.client.get<unknown>(`${path(id)}/report`).catch((err: unknown) => {
          if (err instanceof ApiError && err.status === 404) return undefined;
          throw err;
        });
        text = `${JSON.stringify(serverReport ?? e, null, 2)}\n`;
      } else if (opts.format === "html") {
        // The API's printable report (planned vs actual per wave) when it has one; ours otherwise.
        const res = await ctx.client.send("GET", `${path(id)}/report?format=html`, {
          headers: { accept: "text/html" },
        });
        const html =
          res.ok && (res.headers.get("content-type") ?? "").includes("text/html")
            ? await res.text()
            : undefined;
        text = html ?? executionReportHtml(e);
      } else {
        // The RTO achieved is start to last healthy server, which only the API's report knows.
        const recovery = await ctx.client
          .get<{ recoveryTimeMinutes?: number }>(`${path(id)}/report`)
          .catch(() => undefined);
        const minutes = recovery?.recoveryTimeMinutes;
        text = `${executionReportTable(e, minutes !== undefined ? Math.round(minutes * 60_000) : undefined)}\n`;
      }
      if (opts.out) {
        writeFileSync(opts.out, text);
        process.stderr.write(`Report written to ${opts.out}\n`);
      } else process.stdout.write(text);
      return 0;
    }),
  );
}
