import { type ExecutionStatus, isTerminalExecutionStatus, isTerminalWaveStatus } from "./execution";
import { type DecisionPart, notifyCommand } from "./execution-commands";
import type { ExecutionEvent } from "./execution-events";
import { evolve } from "./execution-evolve";
import {
  type ExecutionState,
  isBatchInFlight,
  isServerSettled,
  isWaveStarted,
  waveByNumber,
} from "./execution-state";

/**
 * Wave transitions: outcome of finished waves (COMPLETED/PARTIAL/FAILED, STOP skips the rest),
 * start of waves whose dependencies finished and waited, approval pauses and their approval by a
 * resume, cancel, and the execution's own outcome. Each returns the events and commands it decides;
 * the decider appends them.
 */

const ms = (iso: string | undefined) => (iso ? Date.parse(iso) : 0);

/** A resume approves every wave waiting for approval (they start on the next progression). */
export const approveWaitingWaves = (s: ExecutionState, at: string, actor: string): ExecutionEvent[] =>
  s.waves
    .filter((w) => w.status === "WAITING_APPROVAL")
    .map((w) => ({ type: "WaveApproved", at, actor, waveNumber: w.waveNumber }));

/** Started waves past their maxWaveMinutes: each fails what it has not finished, with the reason. */
export const waveTimeouts = (s: ExecutionState, at: string, t: number): ExecutionEvent[] =>
  isTerminalExecutionStatus(s.status)
    ? []
    : s.waves
        .filter((w) => isWaveStarted(w) && w.startTime && ms(w.startTime) + w.maxWaveMinutes * 60_000 <= t)
        .filter((w) =>
          w.serverIds.some((id) => {
            const x = s.servers[id];
            return x !== undefined && !isServerSettled(x);
          }),
        )
        .map((w) => ({
          type: "WaveTimedOut",
          at,
          waveNumber: w.waveNumber,
          reason: `wave ${w.waveNumber} did not finish within ${w.maxWaveMinutes} min (maxWaveMinutes)`,
        }));

export function progressWaves(s0: ExecutionState, at: string, t: number): DecisionPart {
  const part: DecisionPart = { events: [], commands: [] };
  // Folds each event at once: later transitions of this call see the earlier ones.
  let s = s0;
  const apply = (e: ExecutionEvent) => {
    part.events.push(e);
    s = evolve(s, e);
  };
  const notify = (subject: string, message: string) =>
    part.commands.push(notifyCommand(s.executionId, subject, message));
  if (isTerminalExecutionStatus(s.status)) return part;

  // Cancel: nothing new launches; waves finish once their running jobs have.
  if (s.status === "CANCELLING") {
    for (const w of s.waves) {
      if (isTerminalWaveStatus(w.status)) continue;
      for (const id of w.batchIds) {
        if (s.batches[id]?.status === "PLANNED")
          apply({ type: "BatchDropped", at, batchId: id, reason: "execution cancelled" });
      }
      const running = w.batchIds.some((id) => {
        const b = s.batches[id];
        return b !== undefined && isBatchInFlight(b);
      });
      if (!running)
        apply({
          type: "WaveFinished",
          at,
          waveNumber: w.waveNumber,
          status: "CANCELLED",
          reason: "execution cancelled",
        });
    }
    return part;
  }

  // Outcome of started waves whose servers all settled.
  for (const w of s.waves) {
    if (!isWaveStarted(w)) continue;
    const batches = w.batchIds.map((id) => s.batches[id]);
    if (batches.some((b) => b?.status === "PLANNED" || b?.status === "LAUNCHING")) continue;
    const servers = w.serverIds.map((id) => s.servers[id]);
    if (!servers.every((x) => x && isServerSettled(x))) continue;
    const healthy = servers.filter((x) => x?.health === "HEALTHY").length;
    const status = healthy === servers.length ? "COMPLETED" : healthy === 0 ? "FAILED" : "PARTIAL";
    const failed = servers.length - healthy;
    apply({
      type: "WaveFinished",
      at,
      waveNumber: w.waveNumber,
      status,
      ...(failed > 0 ? { reason: `${failed} of ${servers.length} servers failed` } : {}),
    });
    if (status !== "COMPLETED") {
      notify(
        `Wave ${w.waveNumber} ${status}`,
        `${failed} of ${servers.length} servers of wave ${w.waveName} failed`,
      );
      if (w.onFailure === "STOP") {
        for (const other of s.waves) {
          if (other.status === "PENDING" || other.status === "WAITING_APPROVAL") {
            apply({
              type: "WaveFinished",
              at,
              waveNumber: other.waveNumber,
              status: "SKIPPED",
              reason: `wave ${w.waveNumber} ${status} and its onFailure is STOP`,
            });
          }
        }
      }
    }
  }

  // Start waves whose dependencies finished (and waited their waitTimeSeconds).
  for (const w of s.waves) {
    if (w.status !== "PENDING") continue;
    const deps = w.dependsOnWaves.map((n) => waveByNumber(s, n));
    const blocked = deps.find((d) => d && (d.status === "SKIPPED" || d.status === "CANCELLED"));
    if (blocked) {
      apply({
        type: "WaveFinished",
        at,
        waveNumber: w.waveNumber,
        status: "SKIPPED",
        reason: `dependency wave ${blocked.waveNumber} was ${blocked.status.toLowerCase()}`,
      });
      continue;
    }
    if (!deps.every((d) => d === undefined || isTerminalWaveStatus(d.status))) continue;
    const readyAt = Math.max(0, ...deps.map((d) => (d ? ms(d.endTime) + d.waitTimeSeconds * 1000 : 0)));
    if (readyAt > t) continue;
    if (s.status !== "RUNNING") continue;
    if (w.pauseBeforeWave && !w.approved) {
      apply({ type: "WaveAwaitingApproval", at, waveNumber: w.waveNumber });
      apply({
        type: "ExecutionPaused",
        at,
        actor: "system",
        reason: `wave ${w.waveNumber} waits for approval`,
      });
      notify(
        "Approval needed",
        `Wave ${w.waveNumber} (${w.waveName}) waits for approval: resume the execution`,
      );
      continue;
    }
    apply({ type: "WaveStarted", at, waveNumber: w.waveNumber });
  }
  return part;
}

export function finishIfDone(s: ExecutionState, at: string): DecisionPart {
  const none: DecisionPart = { events: [], commands: [] };
  if (isTerminalExecutionStatus(s.status) || s.status === "PENDING") return none;
  if (!s.waves.every((w) => isTerminalWaveStatus(w.status))) return none;
  if (Object.values(s.batches).some(isBatchInFlight)) return none;
  let status: Extract<ExecutionStatus, "COMPLETED" | "PARTIAL" | "FAILED" | "CANCELLED">;
  if (s.status === "CANCELLING") status = "CANCELLED";
  else {
    const servers = Object.values(s.servers);
    const healthy = servers.filter((x) => x.health === "HEALTHY").length;
    const allWavesCompleted = s.waves.every((w) => w.status === "COMPLETED");
    status = allWavesCompleted ? "COMPLETED" : healthy === 0 ? "FAILED" : "PARTIAL";
  }
  return {
    events: [{ type: "ExecutionFinished", at, status }],
    commands: [
      notifyCommand(
        s.executionId,
        `Execution ${status}`,
        `${s.executionType} of plan ${s.planName} finished: ${status}`,
      ),
    ],
  };
}
