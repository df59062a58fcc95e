import {
  ConflictError,
  checkUserAction,
  decide,
  type ExecutionCommand,
  type ExecutionEvent,
  type ExecutionObservation,
  type ExecutionState,
  type ExecutionStore,
  evolve,
  type InstanceHealthProbe,
  isTerminalExecutionStatus,
  type RecoveryLauncher,
  type UserAction,
} from "@drso/core";
import type { Logger } from "pino";
import { pollBatched } from "./batched-polling";
import { type CommandPorts, executeCommand } from "./command-execution";
import { DrsCapacity } from "./drs-capacity";
import { reconcileLaunchIntents } from "./launch-intent-reconciliation";
import { RunnerCounters, type RunnerStats } from "./runner-stats";
import { TickLoop } from "./tick-loop";
import { isPollCommand, type PollCommand, type TrackedExecution } from "./tracked-execution";

export type { RunnerStats } from "./runner-stats";

/**
 * The local durable runner (docs/architecture.md, "An execution's path in embedded mode"): drives
 * every unfinished execution of this process with the pure engine. For each execution it persists
 * the decision's events before executing its commands (`command-execution.ts`), sleeps until the
 * engine's wake time (`tick-loop.ts`), and polls DRS in batches across executions
 * (`batched-polling.ts`): one DescribeJobs and one DescribeInstanceStatus per account-region per
 * tick. On start it reconciles launch intents against DRS job tags
 * (`launch-intent-reconciliation.ts`), so a batch is never launched twice and no execution is lost.
 */

export interface ExecutionRunnerOptions {
  store: ExecutionStore;
  launcher: RecoveryLauncher;
  health: InstanceHealthProbe;
  logger: Logger;
  now?: () => Date;
  /** Receives the engine's `Notify` commands (notifications); must not throw or block. */
  onNotify?: (state: ExecutionState, subject: string, message: string) => void;
  /** Upper bound of one sleep, so that a clock jump never stalls the runner for long. */
  maxSleepMs?: number;
  /** Wall-clock seconds of each tick that had executions due (the server's metrics). */
  onTickTimed?: (seconds: number) => void;
}

/** Called after events are persisted (SSE, notifications). */
export type ExecutionListener = (state: ExecutionState, events: readonly ExecutionEvent[]) => void;

export class ExecutionRunner {
  private readonly executions = new Map<string, TrackedExecution>();
  private readonly listeners = new Set<ExecutionListener>();
  private readonly capacity: DrsCapacity;
  private readonly now: () => Date;
  private readonly counters = new RunnerCounters();
  private readonly loop: TickLoop;
  private readonly commandPorts: CommandPorts;
  readonly stats: RunnerStats = this.counters.figures;

  constructor(private readonly options: ExecutionRunnerOptions) {
    this.now = options.now ?? (() => new Date());
    this.capacity = new DrsCapacity(options.launcher, (error, accountId, region) =>
      options.logger.warn({ err: error, accountId, region }, "could not read DRS usage"),
    );
    this.loop = new TickLoop({
      tick: () => this.tick(),
      nextWakeAt: () => this.nextWakeAt(),
      now: this.now,
      logger: options.logger,
      ...(options.maxSleepMs !== undefined ? { maxSleepMs: options.maxSleepMs } : {}),
    });
    this.commandPorts = {
      launcher: options.launcher,
      logger: options.logger,
      capacity: this.capacity,
      counters: this.counters,
      poll: (polls) => this.poll(polls),
      ...(options.onNotify ? { onNotify: options.onNotify } : {}),
    };
  }

  /** Loads every unfinished execution, reconciles launch intents with DRS, and starts driving. */
  async start(): Promise<void> {
    const unfinished = await this.options.store.listUnfinished();
    for (const state of unfinished) this.executions.set(state.executionId, { state, inbox: [], wakeAt: 0 });
    await reconcileLaunchIntents(unfinished, (id) => this.executions.get(id), {
      launcher: this.options.launcher,
      logger: this.options.logger,
      counters: this.counters,
    });
    this.loop.schedule();
  }

  /** Stops driving; in-flight calls finish, nothing new starts. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  subscribe(listener: ExecutionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The live state of an execution this runner drives, if it does. */
  current(executionId: string): ExecutionState | undefined {
    return this.executions.get(executionId)?.state;
  }

  /** Starts driving a newly created execution at once. */
  track(state: ExecutionState): void {
    this.executions.set(state.executionId, { state, inbox: [], wakeAt: 0 });
    this.loop.kick();
  }

  /**
   * A user action (pause, resume, cancel, retry, terminate): refused at once with a clear code when
   * the state does not allow it, else applied by the next tick. Resolves with the state after it.
   */
  async act(executionId: string, action: UserAction, actor: string): Promise<ExecutionState | undefined> {
    let tracked = this.executions.get(executionId);
    const state = tracked?.state ?? (await this.options.store.get(executionId));
    if (!state) return undefined;
    checkUserAction(state, action);
    if (action === "retry") {
      // A retry holds the servers again: refuse now if another execution took any meanwhile.
      const claims = Object.values(state.servers).map(({ accountId, region, serverId }) => ({
        accountId,
        region,
        serverId,
      }));
      const conflicts = (await this.options.store.findConflicts(claims)).filter(
        (c) => c.executionId !== executionId,
      );
      if (conflicts.length > 0) {
        throw new ConflictError(
          "SERVER_IN_ACTIVE_EXECUTION",
          `${conflicts.length} server(s) of this execution are now in another active execution`,
          { conflicts },
        );
      }
    }
    if (!tracked) {
      tracked = { state, inbox: [] };
      this.executions.set(executionId, tracked);
    }
    tracked.inbox.push({ type: "UserAction", action, actor });
    await this.runTickNow();
    return this.executions.get(executionId)?.state ?? (await this.options.store.get(executionId));
  }

  /** Runs a tick now (or right after the one in progress) and waits for it. */
  runTickNow(): Promise<void> {
    return this.loop.runNow();
  }

  /** The earliest wake time of the executions: now for one with observations waiting. */
  private nextWakeAt(): number {
    let next = Number.POSITIVE_INFINITY;
    for (const x of this.executions.values()) {
      if (x.inbox.length > 0) next = 0;
      else if (x.wakeAt !== undefined) next = Math.min(next, x.wakeAt);
    }
    return next;
  }

  private poll(polls: readonly { x: TrackedExecution; command: PollCommand }[]) {
    const { launcher, health, logger } = this.options;
    return pollBatched(polls, { launcher, health, logger, counters: this.counters });
  }

  private async tick(): Promise<void> {
    const now = this.now();
    const t = now.getTime();
    const due = [...this.executions.values()].filter(
      (x) => x.inbox.length > 0 || (x.wakeAt !== undefined && x.wakeAt <= t),
    );
    if (due.length === 0) return;
    this.counters.tick();
    const started = performance.now();
    try {
      await this.tickDue(due, now);
    } finally {
      this.options.onTickTimed?.((performance.now() - started) / 1000);
    }
  }

  private async tickDue(due: readonly TrackedExecution[], now: Date): Promise<void> {
    const t = now.getTime();
    this.capacity.reset();

    // 1. Timers and user actions; polls are collected to be batched across executions.
    const polls: { x: TrackedExecution; command: PollCommand }[] = [];
    const results = new Map<TrackedExecution, ExecutionObservation[]>();
    for (const x of due) {
      const observations = x.inbox.splice(0);
      if (x.wakeAt !== undefined && x.wakeAt <= t) observations.push({ type: "Tick" });
      const out: ExecutionObservation[] = [];
      for (const command of await this.decideAndPersist(x, observations, now)) {
        if (isPollCommand(command)) polls.push({ x, command });
        else out.push(...(await executeCommand(x, command, this.commandPorts)));
      }
      results.set(x, out);
    }

    // 2. One DescribeJobs and one health check per account-region for all executions.
    for (const [x, observations] of await this.poll(polls)) results.get(x)?.push(...observations);

    // 3. Feed results back; launch as far as quota headroom allows.
    for (const x of due) {
      let observations = results.get(x) ?? [];
      for (let round = 0; round < 1000 && !this.loop.stopped; round++) {
        const usage = await this.capacity.usageFor(x.state, now);
        const commands = await this.decideAndPersist(x, [...observations, ...usage], now);
        observations = [];
        for (const command of commands)
          observations.push(...(await executeCommand(x, command, this.commandPorts)));
        if (observations.length === 0) break;
      }
      if (!isTerminalExecutionStatus(x.state.status) || x.wakeAt !== undefined) continue;
      if (!x.state.termination.requested || x.state.instancesTerminated)
        this.executions.delete(x.state.executionId);
    }
    this.counters.settle(this.capacity.calls);
  }

  private async decideAndPersist(
    x: TrackedExecution,
    observations: ExecutionObservation[],
    now: Date,
  ): Promise<ExecutionCommand[]> {
    const d = decide(x.state, observations, now);
    let next = x.state;
    for (const e of d.events) next = evolve(next, e);
    if (d.events.length > 0) {
      try {
        await this.options.store.append(next, d.events);
      } catch (error) {
        // Not persisted → not acted on. Reload what is stored and try again on the next tick.
        this.options.logger.error(
          { err: error, executionId: x.state.executionId },
          "could not persist events",
        );
        const stored = await this.options.store.get(x.state.executionId);
        if (stored) x.state = stored;
        x.wakeAt = now.getTime() + 1000;
        return [];
      }
      x.state = next;
      for (const e of d.events) {
        if (e.type === "JobStalled") {
          const { batchId, jobId, minutes, reason } = e;
          const waveNumber = next.batches[batchId]?.waveNumber;
          this.options.logger.warn(
            { executionId: x.state.executionId, waveNumber, batchId, jobId, minutes },
            reason,
          );
        } else if (
          e.type === "BatchJobLost" ||
          e.type === "WaveTimedOut" ||
          e.type === "ExecutionForceCancelled"
        )
          this.options.logger.warn({ executionId: x.state.executionId, event: e }, e.reason);
      }
      for (const listener of this.listeners) {
        try {
          listener(next, d.events);
        } catch (error) {
          this.options.logger.warn({ err: error }, "execution listener failed");
        }
      }
    }
    x.wakeAt = d.wakeAt ? Date.parse(d.wakeAt) : undefined;
    if (d.wakeAt)
      this.options.logger.debug(
        { executionId: x.state.executionId, status: x.state.status, wakeAt: d.wakeAt },
        "waiting until the next tick",
      );
    return d.commands;
  }
}
