import { type ApiClient, ApiError } from "./api-client";
import { CliError } from "./cli-error";
import {
  type ExecutionView,
  elapsedVsRto,
  formatDuration,
  isTerminal,
  progressLine,
  progressOf,
  waveLine,
} from "./execution-progress";
import { readServerSentEvents } from "./sse-reader";
import type { TerminalStyle } from "./terminal-style";

/** What to do when the execution pauses for approval. */
export type PauseDecision = "resume" | "cancel" | "wait";

export interface WatchOptions {
  style: TerminalStyle;
  /** Progress lines for people; undefined in `--output json`. */
  say?: (line: string) => void;
  /** Rewrites one status line in place (terminals only). */
  status?: (line: string) => void;
  onPause: (e: ExecutionView) => Promise<PauseDecision>;
  /** Fallback poll interval when the event stream is quiet or unavailable. */
  pollMs?: number;
  /** Give up after this long (CI guard); undefined: wait for the end. */
  timeoutMs?: number;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(t);
      resolve();
    });
  });

/** The execution an SSE event carries (`{execution, changes}`), when it carries one. */
function executionIn(data: string): ExecutionView | undefined {
  try {
    const parsed = JSON.parse(data) as { execution?: Partial<ExecutionView> } & Partial<ExecutionView>;
    const e = parsed.execution ?? parsed;
    return typeof e.executionId === "string" && typeof e.status === "string"
      ? (e as ExecutionView)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Listens to `GET /executions/{id}/events` and calls `wake` on every event, with the execution
 * when the event carries it. Reconnects when the stream ends; gives up quietly when the API has
 * no stream (polling then carries the watch).
 */
async function followEvents(
  client: ApiClient,
  executionId: string,
  wake: (e?: ExecutionView) => void,
  signal: AbortSignal,
) {
  while (!signal.aborted) {
    try {
      const res = await fetch(client.url(`/executions/${encodeURIComponent(executionId)}/events`), {
        headers: client.headers({ accept: "text/event-stream" }),
        signal,
      });
      if (!res.ok || !res.body) return;
      for await (const event of readServerSentEvents(res.body)) wake(executionIn(event.data));
    } catch {
      if (signal.aborted) return;
    }
    await sleep(1000, signal);
  }
}

/**
 * Follows an execution to its end: prints each wave's transitions and failed servers, a progress
 * bar with servers launched/total and elapsed time against the RTO target, and asks `onPause` what
 * to do when the execution waits for approval. Returns the final execution.
 */
export async function watchExecution(
  client: ApiClient,
  executionId: string,
  opts: WatchOptions,
): Promise<ExecutionView> {
  const { style } = opts;
  const say = opts.say ?? (() => {});
  const pollMs = opts.pollMs ?? 2000;
  const stop = new AbortController();
  let wakeUp: (() => void) | undefined;
  // The newest execution pushed by the stream; a poll fetches one only when none was pushed.
  let pushed: ExecutionView | undefined;
  const wake = (e?: ExecutionView) => {
    if (e?.executionId === executionId) pushed = e;
    wakeUp?.();
  };
  void followEvents(client, executionId, wake, stop.signal);

  const started = Date.now();
  const seenWaves = new Map<number, string>();
  const reportedFailures = new Set<string>();
  let lastProgress = "";
  let handledPause = "";
  let header = false;
  try {
    for (;;) {
      const e = pushed ?? (await client.get<ExecutionView>(`/executions/${encodeURIComponent(executionId)}`));
      pushed = undefined;
      if (!header) {
        header = true;
        const p = progressOf(e, new Date());
        const rto = p.rtoTargetMinutes !== undefined ? `, RTO target ${p.rtoTargetMinutes} min` : "";
        const point = e.pointInTime ? `, recovery point ${e.pointInTime}` : "";
        say(
          `${style.bold(`${e.executionType ?? "Execution"} of "${e.planName ?? e.planId}"`)} — execution ${e.executionId} (${p.totalWaves} waves, ${p.total} servers${rto}${point})`,
        );
      }
      for (const w of e.waveStatus ?? []) {
        const line = waveLine(w);
        if (seenWaves.get(w.waveNumber) !== line) {
          seenWaves.set(w.waveNumber, line);
          const colour =
            w.status === "COMPLETED"
              ? style.green
              : ["FAILED", "PARTIAL"].includes(w.status)
                ? style.red
                : style.cyan;
          say(`  ${colour(line)}`);
        }
        for (const s of w.servers ?? []) {
          if ((s.health === "FAILED" || s.launchStatus === "FAILED") && !reportedFailures.has(s.serverId)) {
            reportedFailures.add(s.serverId);
            say(
              style.red(
                `    ✗ ${s.hostname ?? s.serverId} (${s.serverId}) failed: ${s.error ?? "no reason given"}`,
              ),
            );
          }
        }
      }
      const progress = progressLine(progressOf(e, new Date()));
      if (opts.status) opts.status(progress);
      else if (progress.replace(/elapsed.*$/, "") !== lastProgress) {
        // Without a terminal, print progress only when it moves, not on every poll.
        lastProgress = progress.replace(/elapsed.*$/, "");
        say(`  ${progress}`);
      }

      if (isTerminal(e.status)) return e;

      if (e.status === "PAUSED") {
        const waiting = (e.waveStatus ?? [])
          .filter((w) => w.status === "WAITING_APPROVAL")
          .map((w) => w.waveNumber);
        const pauseKey = `${e.currentWave}:${waiting.join(",")}`;
        if (pauseKey !== handledPause) {
          handledPause = pauseKey;
          const decision = await opts.onPause(e);
          if (decision !== "wait") {
            try {
              await client.post(`/executions/${encodeURIComponent(executionId)}/${decision}`);
              say(style.yellow(`  ${decision === "resume" ? "resumed" : "cancel requested"}`));
            } catch (err) {
              // Someone else resumed or cancelled meanwhile: the next poll shows it.
              if (!(err instanceof ApiError && err.status === 409)) throw err;
            }
            continue;
          }
        }
      } else {
        handledPause = "";
      }

      if (opts.timeoutMs !== undefined && Date.now() - started > opts.timeoutMs) {
        throw new CliError(
          `gave up watching after ${formatDuration(opts.timeoutMs)}: execution ${executionId} is still ${e.status} (${elapsedVsRto(progressOf(e, new Date()))})`,
        );
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, pollMs);
        wakeUp = () => {
          clearTimeout(t);
          // Events come in bursts; a short pause folds a burst into one fetch.
          setTimeout(resolve, 100);
        };
      });
      wakeUp = undefined;
    }
  } finally {
    stop.abort();
  }
}
