import type { DrsQuotas } from "../../quotas";
import { type DrsJobObservation, type DrsLaunchStatus, LAUNCH_TAGS } from "../../recovery-ports";
import type { ExecutionCommand, ExecutionObservation } from "../execution-commands";

/**
 * A tiny in-memory DRS for property tests of the engine: jobs progress with time, servers launch
 * or fail, instances become healthy or never do, StartRecovery fails at random, and other tools
 * run jobs in the same account-regions. It records every quota the engine would have exceeded.
 */

/** Deterministic PRNG (mulberry32): the same seed replays the same failure pattern. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FailurePattern {
  seed: number;
  /** Per server: its launch fails. */
  launchFailure: number;
  /** Per server: its instance never passes status checks. */
  neverHealthy: number;
  /** Per StartRecovery call: throttled (transient). */
  throttling: number;
  /** Per StartRecovery call: refused for good (validation). */
  validation: number;
  /** Load from other tools: jobs in the account-regions during [from, to) seconds. */
  outsideLoad: {
    accountId: string;
    region: string;
    from: number;
    to: number;
    jobs: number;
    servers: number;
    instances: number;
  }[];
}

interface SimServer {
  serverId: string;
  launchAt: number;
  fails: boolean;
  healthyAt: number;
}
interface SimJob {
  jobId: string;
  batchId: string;
  accountId: string;
  region: string;
  createdAt: number;
  completedAt: number;
  servers: SimServer[];
}

const key = (a: string, r: string) => `${a}/${r}`;

export class SimulatedDrs {
  readonly jobs: SimJob[] = [];
  readonly violations: string[] = [];
  private readonly random: () => number;

  constructor(
    private readonly quotas: DrsQuotas,
    private readonly pattern: FailurePattern,
    private readonly t0: number,
  ) {
    this.random = rng(pattern.seed);
  }

  private outside(accountId: string, region: string, t: number) {
    const load = this.pattern.outsideLoad.filter(
      (l) =>
        l.accountId === accountId &&
        l.region === region &&
        l.from * 1000 + this.t0 <= t &&
        t < l.to * 1000 + this.t0,
    );
    return {
      jobs: load.reduce((n, l) => n + l.jobs, 0),
      servers: load.reduce((n, l) => n + l.servers, 0),
      instances: load.reduce((n, l) => n + l.instances, 0),
    };
  }

  /** What the runner would report as used by others. */
  usage(t: number): ExecutionObservation[] {
    const out: ExecutionObservation[] = [];
    for (const accountId of ["111111111111", "222222222222"]) {
      for (const region of ["us-east-1", "us-west-2"]) {
        const o = this.outside(accountId, region, t);
        out.push({
          type: "OutsideUsage",
          accountId,
          region,
          activeJobs: o.jobs,
          serversInActiveJobs: o.servers,
          recoveryInstances: o.instances,
        });
      }
    }
    return out;
  }

  private ours(accountId: string, region: string, t: number) {
    const jobs = this.jobs.filter((j) => key(j.accountId, j.region) === key(accountId, region));
    const active = jobs.filter((j) => j.completedAt > t);
    return {
      jobs: active.length,
      servers: active.reduce((n, j) => n + j.servers.length, 0),
      instances: jobs.reduce((n, j) => n + j.servers.filter((s) => !s.fails).length, 0),
    };
  }

  private launchStatus(j: SimJob, s: SimServer, t: number): DrsLaunchStatus {
    if (t < s.launchAt) return t < j.createdAt + 1000 ? "PENDING" : "IN_PROGRESS";
    return s.fails ? "FAILED" : "LAUNCHED";
  }

  private observe(j: SimJob, t: number): DrsJobObservation {
    return {
      jobId: j.jobId,
      status: t >= j.completedAt ? "COMPLETED" : t >= j.createdAt + 1000 ? "STARTED" : "PENDING",
      tags: { [LAUNCH_TAGS.batchId]: j.batchId },
      servers: j.servers.map((s) => ({
        serverId: s.serverId,
        launchStatus: this.launchStatus(j, s, t),
        ...(t >= s.launchAt && !s.fails ? { recoveryInstanceId: `ri-${s.serverId}` } : {}),
      })),
    };
  }

  /** Executes the engine's commands at time t and returns what the runner would observe. */
  execute(commands: readonly ExecutionCommand[], t: number): ExecutionObservation[] {
    const out: ExecutionObservation[] = [];
    for (const c of commands) {
      switch (c.type) {
        case "StartRecovery": {
          const { batch } = c;
          const r = this.random();
          if (r < this.pattern.throttling) {
            out.push({
              type: "LaunchFailed",
              batchId: batch.batchId,
              kind: "throttling",
              message: "Rate exceeded",
            });
            break;
          }
          if (r < this.pattern.throttling + this.pattern.validation) {
            out.push({
              type: "LaunchFailed",
              batchId: batch.batchId,
              kind: "validation",
              message: "Invalid server state",
            });
            break;
          }
          const mine = this.ours(batch.accountId, batch.region, t);
          const other = this.outside(batch.accountId, batch.region, t);
          const n = batch.servers.length;
          const q = this.quotas;
          if (n > q.maxServersPerJob) this.violations.push(`job of ${n} servers`);
          if (mine.jobs + other.jobs + 1 > q.maxConcurrentJobs)
            this.violations.push(`concurrent jobs at ${t}`);
          if (mine.servers + other.servers + n > q.maxServersInActiveJobs)
            this.violations.push(`servers in active jobs at ${t}`);
          if (mine.instances + other.instances + n > q.maxRecoveryInstances)
            this.violations.push(`recovery instances at ${t}`);
          if (this.jobs.some((j) => j.batchId === batch.batchId))
            this.violations.push(`batch ${batch.batchId} launched twice`);
          const servers = batch.servers.map((s) => {
            const launchAt = t + 2000 + Math.floor(this.random() * 60_000);
            return {
              serverId: s.serverId,
              launchAt,
              fails: this.random() < this.pattern.launchFailure,
              healthyAt:
                this.random() < this.pattern.neverHealthy
                  ? Number.POSITIVE_INFINITY
                  : launchAt + Math.floor(this.random() * 120_000),
            };
          });
          const job: SimJob = {
            jobId: `drsjob-${this.jobs.length + 1}`,
            batchId: batch.batchId,
            accountId: batch.accountId,
            region: batch.region,
            createdAt: t,
            completedAt: Math.max(t + 1000, ...servers.map((s) => s.launchAt)) + 1000,
            servers,
          };
          this.jobs.push(job);
          out.push({ type: "LaunchSucceeded", batchId: batch.batchId, jobId: job.jobId });
          break;
        }
        case "DescribeJobs": {
          const jobs = this.jobs.filter((j) => c.jobIds.includes(j.jobId)).map((j) => this.observe(j, t));
          out.push({ type: "JobsObserved", accountId: c.accountId, region: c.region, jobs });
          break;
        }
        case "CheckInstanceHealth": {
          const servers = c.servers.map((x) => {
            const s = [...this.jobs]
              .reverse()
              .flatMap((j) => j.servers)
              .find((y) => y.serverId === x.serverId && !y.fails && y.launchAt <= t);
            if (!s) return { serverId: x.serverId };
            const healthy = s.healthyAt <= t;
            return {
              serverId: x.serverId,
              ec2InstanceId: `i-${x.serverId}`,
              state: "running",
              instanceStatus: healthy ? "ok" : "initializing",
              systemStatus: healthy ? "ok" : "initializing",
            };
          });
          out.push({ type: "HealthObserved", accountId: c.accountId, region: c.region, servers });
          break;
        }
        case "TerminateRecoveryInstances":
          out.push({
            type: "TerminationStarted",
            accountId: c.accountId,
            region: c.region,
            jobId: "drsjob-term",
            recoveryInstanceIds: c.recoveryInstanceIds,
          });
          break;
        case "Notify":
          break;
        default: {
          const unreachable: never = c;
          throw new Error(`unknown command ${JSON.stringify(unreachable)}`);
        }
      }
    }
    return out;
  }
}
