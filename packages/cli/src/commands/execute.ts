import type { Command } from "commander";
import { ApiError, describeApiError } from "../api-client";
import { CliError } from "../cli-error";
import { type CommonOptions, commandContext, runCommand, withCommonOptions } from "../command-context";
import {
  type ExecutionView,
  elapsedVsRto,
  exitCodeForStatus,
  formatDuration,
  progressOf,
} from "../execution-progress";
import { type PauseDecision, watchExecution } from "../execution-watcher";
import { findRecoveryPlan } from "../plan-reference";
import { ask, canPrompt } from "../terminal-prompt";

interface ExecuteOptions extends CommonOptions {
  drill?: boolean;
  recovery?: boolean;
  watch?: boolean;
  yes?: boolean;
  autoApprove?: boolean;
  timeout?: string;
  pointInTime?: string;
  allowDegraded?: boolean;
  exclude?: string[];
}

const positiveNumber = (flag: string, v: string | undefined): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new CliError(`${flag} must be a positive number, not '${v}'`);
  return n;
};

/** ISO 8601 date-time with an explicit offset, as the API takes it: a bare time would be ambiguous. */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** `--point-in-time` as the UTC instant the API is sent; undefined when not given. */
export function pointInTimeOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const at = Date.parse(value);
  if (!ISO_DATE_TIME.test(value) || Number.isNaN(at))
    throw new CliError(
      `--point-in-time must be an ISO 8601 date-time with a time zone, such as 2026-05-01T09:30:00Z, not '${value}'`,
    );
  return new Date(at).toISOString();
}

/**
 * What the operator must know right after the start: servers left out, and servers that launch
 * from an older snapshot (replication not live, or a point in time) with how old their data is.
 */
export function dataAgeLines(e: ExecutionView): string[] {
  const lines = (e.excludedServers ?? []).map(
    (x) => `excluded: ${x.hostname ? `${x.hostname} (${x.serverId})` : x.serverId}`,
  );
  for (const s of (e.waveStatus ?? []).flatMap((w) => w.servers ?? [])) {
    if (s.dataAgeSeconds === undefined) continue;
    lines.push(
      `${s.hostname ?? s.serverId} (${s.serverId}): replication ${s.replicationState ?? "unknown"}, launches from its snapshot of ${s.recoverySnapshotTime ?? "?"} — data age ${formatDuration(s.dataAgeSeconds * 1000)}`,
    );
  }
  return lines;
}

export function registerExecuteCommand(program: Command): void {
  const cmd = program
    .command("execute")
    .argument("<plan>", "recovery plan name or id")
    .description("Start a recovery plan as a drill or a real recovery, and optionally watch it to the end")
    .option("--drill", "recover into drill instances; the source servers keep running")
    .option("--recovery", "a real recovery (failover); asks for confirmation unless --yes")
    .option("--watch", "follow progress live; exit 0 COMPLETED, 2 PARTIAL, 1 FAILED/CANCELLED")
    .option("-y, --yes", "do not ask for confirmation of a real recovery")
    .option("--auto-approve", "resume at once when a wave pauses for approval (pipelines)")
    .option("--timeout <minutes>", "with --watch: give up (exit 1) after this many minutes")
    .option(
      "--point-in-time <iso>",
      "recover each server from its newest DRS recovery snapshot taken at or before this time (default: latest)",
    )
    .option(
      "--allow-degraded",
      "drill: launch servers whose replication is not live (DISCONNECTED, STALLED…) from their last recovery snapshot",
    )
    .option(
      "--exclude <serverIds...>",
      "leave these source servers of the plan out of this run (recorded on the execution)",
    );
  withCommonOptions(cmd, [
    'drso execute "Three-tier app" --drill --watch',
    'drso execute "Three-tier app" --drill --watch --auto-approve   # weekly drill in CI',
    'drso execute "Three-tier app" --recovery --yes --watch',
    'drso execute "Three-tier app" --drill --point-in-time 2026-05-01T09:30:00Z --watch',
    'drso execute "Three-tier app" --drill --allow-degraded --exclude s-0123456789abcdef0',
  ]).action(
    runCommand(async (planRef: string, opts: ExecuteOptions) => {
      if (opts.drill === opts.recovery) throw new CliError("choose exactly one of --drill or --recovery");
      const timeoutMinutes = positiveNumber("--timeout", opts.timeout);
      const pointInTime = pointInTimeOf(opts.pointInTime);
      const ctx = commandContext(opts);
      const plan = await findRecoveryPlan(ctx.client, planRef);
      const executionType = opts.drill ? "DRILL" : "RECOVERY";

      if (executionType === "RECOVERY" && !opts.yes) {
        if (!canPrompt()) throw new CliError("a real recovery needs --yes when not run from a terminal");
        const typed = await ask(
          `This starts a REAL recovery of "${plan.planName}". Type the plan name to confirm: `,
        );
        if (typed.toLowerCase() !== plan.planName.toLowerCase())
          throw new CliError("not confirmed; nothing started");
      }

      const started = await ctx.client
        .post<ExecutionView>(`/recovery-plans/${plan.planId}/execute`, {
          executionType,
          ...(pointInTime !== undefined && { pointInTime }),
          ...(opts.allowDegraded && { allowDegraded: true }),
          ...(opts.exclude?.length && { excludeServers: opts.exclude }),
        })
        .catch((e: unknown) => {
          throw withFlagHint(e);
        });
      for (const line of dataAgeLines(started)) ctx.say(ctx.style.yellow(line));
      if (!opts.watch) {
        ctx.say(`Started ${executionType} execution ${started.executionId} of "${plan.planName}"`);
        if (pointInTime) ctx.say(`Recovery point: ${pointInTime} (newest snapshot at or before it)`);
        ctx.say(`Follow it with: drso executions show ${started.executionId}`);
        ctx.emitJson(started);
        return 0;
      }

      const onPause = async (e: ExecutionView): Promise<PauseDecision> => {
        const waiting = (e.waveStatus ?? [])
          .filter((w) => w.status === "WAITING_APPROVAL")
          .map((w) => w.waveNumber);
        const where = waiting.length ? `before wave ${waiting.join(", ")}` : "";
        if (opts.autoApprove) {
          ctx.say(ctx.style.yellow(`  paused ${where}: resuming (--auto-approve)`));
          return "resume";
        }
        if (!canPrompt() || ctx.json) {
          ctx.say(
            ctx.style.yellow(
              `  paused ${where}: waiting for approval (drso executions resume ${e.executionId})`,
            ),
          );
          return "wait";
        }
        const answer = await ask(
          `Execution paused ${where}. Resume? [y]es / [n]o, keep waiting / [c]ancel execution: `,
        );
        return /^y/i.test(answer) ? "resume" : /^c/i.test(answer) ? "cancel" : "wait";
      };
      const tty = process.stdout.isTTY === true && !ctx.json;
      let statusShown = false;
      const final = await watchExecution(ctx.client, started.executionId, {
        style: ctx.style,
        say: (line) => {
          if (statusShown) process.stdout.write("\r\u001b[2K");
          statusShown = false;
          ctx.say(line);
        },
        ...(tty
          ? {
              status: (line: string) => {
                process.stdout.write(`\r\u001b[2K${line}`);
                statusShown = true;
              },
            }
          : {}),
        onPause,
        ...(timeoutMinutes !== undefined ? { timeoutMs: timeoutMinutes * 60_000 } : {}),
      });
      if (statusShown) process.stdout.write("\n");

      const p = progressOf(final, new Date());
      const colour = final.status === "COMPLETED" ? ctx.style.green : ctx.style.red;
      ctx.say(
        colour(
          `Execution ${final.status}: ${p.healthy}/${p.total} servers recovered, ${p.failed} failed, in ${formatDuration(p.elapsedMs)} — ${elapsedVsRto(p)}`,
        ),
      );
      ctx.emitJson(final);
      return exitCodeForStatus(final.status);
    }),
  );
}

/** The API names its request fields; on the command line the user needs the flags instead. */
function withFlagHint(e: unknown): unknown {
  if (!(e instanceof ApiError) || e.code !== "SERVERS_NOT_READY") return e;
  const unhealthy = (e.details as { unhealthy?: { serverId: string }[] } | undefined)?.unhealthy ?? [];
  if (unhealthy.length === 0) return e;
  const exclude = unhealthy.map((u) => `--exclude ${u.serverId}`).join(" ");
  return new CliError(
    `${describeApiError(e)}\nhint: add --allow-degraded to drill them from their last recovery snapshot, or ${exclude} to leave them out`,
  );
}
