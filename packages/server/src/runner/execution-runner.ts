import {
  AwsServiceError,
  ConflictError,
  checkUserAction,
  type DrsJobObservation,
  decide,
  type ExecutionCommand,
  type ExecutionEvent,
  type ExecutionObservation,
  type ExecutionState,
  type ExecutionStore,
  evolve,
  type InstanceHealthProbe,
  isTerminalExecutionStatus,
  LAUNCH_TAGS,
  type RecoveryLauncher,
  type UserAction,
} from "@drso/core";
import type { Logger } from "pino";
import { DrsCapacity } from "./drs-capacity";

/**
 * The local durable runner (docs/architecture.md, "An execution's path in embedded mode"): drives every unfinished execution of this process with the
 * pure engine. For each execution it persists the decision's events before executing its commands,
 * sleeps until the engine's wake time, and polls DRS in batches across executions: one
 * DescribeJobs and one DescribeInstanceStatus per account-region per tick. On start it reconciles
 * launch intents against DRS job tags, so a batch is never launched twice and no execution is lost.
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
}

/** Called after events are persisted (SSE, notifications). */
export type ExecutionListener = (state: ExecutionState, events: readonly ExecutionEvent[]) => void;

interface Tracked {
  state: ExecutionState;
  wakeAt?: number;
  inbox: ExecutionObservation[];
}

type PollCommand = Extract<ExecutionCommand, { type: "DescribeJobs" | "CheckInstanceHealth" }>;

/** Figures the benchmark prints. */
export interface RunnerStats {
  ticks: number;
  drsCalls: number;
  ec2Calls: number;
  launches: number;
  quotaErrors: number;
}

const targetKey = (accountId: string, region: string) => `${accountId}/${region}`;

export class ExecutionRunner {
  private readonly executions = new Map<string, Tracked>();
  private readonly listeners = new Set<ExecutionListener>();
  private readonly capacity: DrsCapacity;
  private readonly now: () => Date;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  readonly stats: RunnerStats = { ticks: 0, drsCalls: 0, ec2Calls: 0, launches: 0, quotaErrors: 0 };

  constructor(private readonly options: ExecutionRunnerOptions) {
    this.now = options.now ?? (() => new Date());
    this.capacity = new DrsCapacity(options.launcher, (error, accountId, region) =>
      options.logger.warn({ err: error, accountId, region }, "could not read DRS usage"),
    );
  }

  /** Loads every unfinished execution, reconciles launch intents with DRS, and starts driving. */
  async start(): Promise<void> {
    const unfinished = await this.options.store.listUnfinished();
    for (const state of unfinished) this.executions.set(state.executionId, { state, inbox: [], wakeAt: 0 });
    await this.reconcile(unfinished);
    this.schedule();
  }

  /** Stops driving; in-flight calls finish, nothing new starts. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.ticking;
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
    this.kick();
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
  async runTickNow(): Promise<void> {
    if (this.ticking) {
      this.again = true;
      await this.ticking;
    }
    if (this.ticking) {
      await this.ticking;
      return;
    }
    await this.runTick();
  }

  private kick(): void {
    if (this.stopped) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.runTick(), 0);
  }

  private schedule(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    let next = Number.POSITIVE_INFINITY;
    for (const x of this.executions.values()) {
      if (x.inbox.length > 0) next = 0;
      else if (x.wakeAt !== undefined) next = Math.min(next, x.wakeAt);
    }
    if (next === Number.POSITIVE_INFINITY) return;
    const delay = Math.min(this.options.maxSleepMs ?? 30_000, Math.max(0, next - this.now().getTime()));
    this.timer = setTimeout(() => void this.runTick(), delay);
  }

  private runTick(): Promise<void> {
    if (this.ticking) return this.ticking;
    this.ticking = (async () => {
      try {
        do {
          this.again = false;
          await this.tick();
        } while (this.again && !this.stopped);
      } catch (error) {
        this.options.logger.error({ err: error }, "runner tick failed");
      } finally {
        this.ticking = undefined;
        this.schedule();
      }
    })();
    return this.ticking;
  }

  private async tick(): Promise<void> {
    const now = this.now();
    const t = now.getTime();
    const due = [...this.executions.values()].filter(
      (x) => x.inbox.length > 0 || (x.wakeAt !== undefined && x.wakeAt <= t),
    );
    if (due.length === 0) return;
    this.stats.ticks += 1;
    this.capacity.reset();

    // 1. Timers and user actions; polls are collected to be batched across executions.
    const polls: { x: Tracked; command: PollCommand }[] = [];
    const results = new Map<Tracked, ExecutionObservation[]>();
    for (const x of due) {
      const observations = x.inbox.splice(0);
      if (x.wakeAt !== undefined && x.wakeAt <= t) observations.push({ type: "Tick" });
      const out: ExecutionObservation[] = [];
      for (const command of await this.decideAndPersist(x, observations, now)) {
        if (command.type === "DescribeJobs" || command.type === "CheckInstanceHealth")
          polls.push({ x, command });
        else out.push(...(await this.execute(x, command)));
      }
      results.set(x, out);
    }

    // 2. One DescribeJobs and one health check per account-region for all executions.
    for (const [x, observations] of await this.poll(polls)) results.get(x)?.push(...observations);

    // 3. Feed results back; launch as far as quota headroom allows.
    for (const x of due) {
      let observations = results.get(x) ?? [];
      for (let round = 0; round < 1000 && !this.stopped; round++) {
        const usage = await this.capacity.usageFor(x.state, now);
        const commands = await this.decideAndPersist(x, [...observations, ...usage], now);
        observations = [];
        for (const command of commands) observations.push(...(await this.execute(x, command)));
        if (observations.length === 0) break;
      }
      if (!isTerminalExecutionStatus(x.state.status) || x.wakeAt !== undefined) continue;
      if (!x.state.termination.requested || x.state.instancesTerminated)
        this.executions.delete(x.state.executionId);
    }
    this.stats.drsCalls = this.capacity.calls + this.ownDrsCalls;
  }

  private ownDrsCalls = 0;

  private async decideAndPersist(
    x: Tracked,
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
      for (const listener of this.listeners) {
        try {
          listener(next, d.events);
        } catch (error) {
          this.options.logger.warn({ err: error }, "execution listener failed");
        }
      }
    }
    x.wakeAt = d.wakeAt ? Date.parse(d.wakeAt) : undefined;
    return d.commands;
  }

  /** Executes one command for one execution; returns what it observed. */
  private async execute(x: Tracked, command: ExecutionCommand): Promise<ExecutionObservation[]> {
    const { launcher, logger } = this.options;
    const executionId = x.state.executionId;
    switch (command.type) {
      case "StartRecovery": {
        const { batch } = command;
        try {
          this.ownDrsCalls += 1;
          const { jobId } = await launcher.startRecovery(batch);
          this.stats.launches += 1;
          this.capacity.recordLaunch(
            batch.accountId,
            batch.region,
            executionId,
            jobId,
            batch.servers.map((s) => s.serverId),
          );
          return [{ type: "LaunchSucceeded", batchId: batch.batchId, jobId }];
        } catch (error) {
          const kind = error instanceof AwsServiceError ? error.kind : "internal";
          if (kind === "quota") this.stats.quotaErrors += 1;
          logger.warn({ err: error, executionId, batchId: batch.batchId, kind }, "StartRecovery failed");
          return [{ type: "LaunchFailed", batchId: batch.batchId, kind, message: errorMessage(error) }];
        }
      }
      case "TerminateRecoveryInstances":
        try {
          this.ownDrsCalls += 1;
          const { jobId } = await launcher.terminateRecoveryInstances(
            command.accountId,
            command.region,
            command.recoveryInstanceIds,
          );
          return [
            {
              type: "TerminationStarted",
              accountId: command.accountId,
              region: command.region,
              jobId,
              recoveryInstanceIds: command.recoveryInstanceIds,
            },
          ];
        } catch (error) {
          logger.warn({ err: error, executionId }, "TerminateRecoveryInstances failed");
          return [
            {
              type: "TerminationFailed",
              accountId: command.accountId,
              region: command.region,
              message: errorMessage(error),
            },
          ];
        }
      case "Notify":
        logger.info({ executionId, subject: command.subject }, command.message);
        this.options.onNotify?.(x.state, command.subject, command.message);
        return [];
      case "DescribeJobs":
      case "CheckInstanceHealth":
        return (await this.poll([{ x, command }])).get(x) ?? [];
      default: {
        const unreachable: never = command;
        throw new Error(`unknown command ${JSON.stringify(unreachable)}`);
      }
    }
  }

  /** Batched polls: the job ids and instances of all executions, one call per account-region. */
  private async poll(
    polls: readonly { x: Tracked; command: PollCommand }[],
  ): Promise<Map<Tracked, ExecutionObservation[]>> {
    const { launcher, health, logger } = this.options;
    const out = new Map<Tracked, ExecutionObservation[]>();
    const push = (x: Tracked, o: ExecutionObservation) => out.set(x, [...(out.get(x) ?? []), o]);

    const jobTargets = new Map<
      string,
      { accountId: string; region: string; jobIds: Set<string>; xs: Set<Tracked> }
    >();
    const healthTargets = new Map<
      string,
      {
        accountId: string;
        region: string;
        entries: { x: Tracked; serverId: string; recoveryInstanceId?: string; ec2InstanceId?: string }[];
      }
    >();
    for (const { x, command } of polls) {
      const k = targetKey(command.accountId, command.region);
      if (command.type === "DescribeJobs") {
        const entry = jobTargets.get(k) ?? {
          accountId: command.accountId,
          region: command.region,
          jobIds: new Set(),
          xs: new Set(),
        };
        for (const id of command.jobIds) entry.jobIds.add(id);
        entry.xs.add(x);
        jobTargets.set(k, entry);
      } else {
        const entry = healthTargets.get(k) ?? {
          accountId: command.accountId,
          region: command.region,
          entries: [],
        };
        for (const s of command.servers) entry.entries.push({ x, ...s });
        healthTargets.set(k, entry);
      }
    }

    await Promise.all(
      [...jobTargets.values()].map(async ({ accountId, region, jobIds, xs }) => {
        let jobs: DrsJobObservation[];
        try {
          this.ownDrsCalls += Math.ceil(jobIds.size / 1000);
          jobs = await launcher.describeJobs(accountId, region, [...jobIds]);
        } catch (error) {
          logger.warn({ err: error, accountId, region }, "DescribeJobs failed; polling again next tick");
          return;
        }
        const byId = new Map(jobs.map((j) => [j.jobId, j]));
        for (const x of xs) {
          const mine = Object.values(x.state.batches)
            .filter((b) => b.jobId && b.accountId === accountId && b.region === region)
            .flatMap((b) => byId.get(b.jobId ?? "") ?? []);
          push(x, { type: "JobsObserved", accountId, region, jobs: mine });
        }
      }),
    );

    await Promise.all(
      [...healthTargets.values()].map(async ({ accountId, region, entries }) => {
        try {
          // The job names the recovery instance; EC2 needs its instance id, learned once per server.
          const unknown = entries.filter((e) => !e.ec2InstanceId && e.recoveryInstanceId);
          const ec2ByRecovery = new Map<string, string>();
          if (unknown.length > 0) {
            this.ownDrsCalls += 1;
            const instances = await launcher.describeRecoveryInstances(accountId, region, {
              recoveryInstanceIds: unknown.map((e) => e.recoveryInstanceId as string),
            });
            for (const r of instances)
              if (r.ec2InstanceId) ec2ByRecovery.set(r.recoveryInstanceId, r.ec2InstanceId);
          }
          const ec2Of = (e: (typeof entries)[number]) =>
            e.ec2InstanceId ?? (e.recoveryInstanceId ? ec2ByRecovery.get(e.recoveryInstanceId) : undefined);
          const ids = entries.flatMap((e) => ec2Of(e) ?? []);
          this.stats.ec2Calls += ids.length > 0 ? Math.ceil(ids.length / 100) : 0;
          const statuses = ids.length > 0 ? await health.describeInstanceHealth(accountId, region, ids) : [];
          const byInstance = new Map(statuses.map((s) => [s.ec2InstanceId, s]));
          const perExecution = new Map<Tracked, Extract<ExecutionObservation, { type: "HealthObserved" }>>();
          for (const e of entries) {
            const ec2InstanceId = ec2Of(e);
            const status = ec2InstanceId ? byInstance.get(ec2InstanceId) : undefined;
            const obs = perExecution.get(e.x) ?? {
              type: "HealthObserved" as const,
              accountId,
              region,
              servers: [],
            };
            obs.servers.push({
              serverId: e.serverId,
              ...(ec2InstanceId ? { ec2InstanceId } : {}),
              ...(status
                ? {
                    state: status.state,
                    instanceStatus: status.instanceStatus,
                    systemStatus: status.systemStatus,
                  }
                : {}),
            });
            perExecution.set(e.x, obs);
          }
          for (const [x, obs] of perExecution) push(x, obs);
        } catch (error) {
          logger.warn({ err: error, accountId, region }, "health check failed; checking again next tick");
        }
      }),
    );
    return out;
  }

  /**
   * After a restart: a launch intent whose StartRecovery result was never stored is either a DRS
   * job carrying its batch id (adopt it) or nothing (launch it again).
   */
  private async reconcile(states: readonly ExecutionState[]): Promise<void> {
    const { launcher, logger } = this.options;
    for (const state of states) {
      const x = this.executions.get(state.executionId);
      if (!x) continue;
      const intents = Object.values(state.batches).filter((b) => b.status === "LAUNCHING");
      const targets = new Map<string, typeof intents>();
      for (const b of intents)
        targets.set(targetKey(b.accountId, b.region), [
          ...(targets.get(targetKey(b.accountId, b.region)) ?? []),
          b,
        ]);
      for (const batches of targets.values()) {
        const first = batches[0];
        if (!first) continue;
        const since =
          Math.min(...batches.map((b) => Date.parse(b.requestedAt ?? state.startTime))) - 5 * 60_000;
        try {
          this.ownDrsCalls += 1;
          const jobs = await launcher.listJobsSince(first.accountId, first.region, new Date(since));
          const tagged = jobs.filter((j) => j.tags[LAUNCH_TAGS.executionId] === state.executionId);
          const found = new Set(tagged.map((j) => j.tags[LAUNCH_TAGS.batchId]));
          x.inbox.push({
            type: "JobsObserved",
            accountId: first.accountId,
            region: first.region,
            jobs: tagged,
          });
          for (const b of batches)
            if (!found.has(b.batchId)) x.inbox.push({ type: "LaunchNotFound", batchId: b.batchId });
          logger.info(
            {
              executionId: state.executionId,
              adopted: batches.filter((b) => found.has(b.batchId)).length,
              relaunch: batches.filter((b) => !found.has(b.batchId)).length,
            },
            "reconciled launch intents",
          );
        } catch (error) {
          // Without knowing, relaunching could start a batch twice: leave the intents and retry on restart.
          logger.error({ err: error, executionId: state.executionId }, "could not reconcile launch intents");
        }
      }
    }
  }
}

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));
