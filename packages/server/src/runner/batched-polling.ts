import {
  type DrsJobObservation,
  type ExecutionObservation,
  failureReasonsOf,
  type InstanceHealthProbe,
  type RecoveryLauncher,
} from "@drso/core";
import type { Logger } from "pino";
import type { RunnerCounters } from "./runner-stats";
import { type PollCommand, type TrackedExecution, targetKey } from "./tracked-execution";

export interface PollingPorts {
  launcher: RecoveryLauncher;
  health: InstanceHealthProbe;
  logger: Logger;
  counters: RunnerCounters;
}

type Observations = Map<TrackedExecution, ExecutionObservation[]>;

/**
 * Batched polls: the job ids and instances of all executions, one DescribeJobs and one
 * DescribeRecoveryInstances + DescribeInstanceStatus per account-region; each execution gets back
 * the observations of its own jobs and servers. A failed call is logged and polled again next tick.
 */
export async function pollBatched(
  polls: readonly { x: TrackedExecution; command: PollCommand }[],
  ports: PollingPorts,
): Promise<Observations> {
  const out: Observations = new Map();
  const push = (x: TrackedExecution, o: ExecutionObservation) => out.set(x, [...(out.get(x) ?? []), o]);

  const jobTargets = new Map<
    string,
    { accountId: string; region: string; jobIds: Set<string>; xs: Set<TrackedExecution> }
  >();
  const healthTargets = new Map<string, HealthTarget>();
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
        ports.counters.drsCalls(Math.ceil(jobIds.size / 1000));
        jobs = await ports.launcher.describeJobs(accountId, region, [...jobIds]);
      } catch (error) {
        ports.logger.warn({ err: error, accountId, region }, "DescribeJobs failed; polling again next tick");
        // The engine counts these while a cancel waits, so a cancel ends even when DRS does not answer.
        const message = error instanceof Error ? error.message : String(error);
        for (const x of xs) push(x, { type: "JobsPollFailed", accountId, region, message });
        return;
      }
      await explainFailures(jobs, [...xs], accountId, region, ports);
      const byId = new Map(jobs.map((j) => [j.jobId, j]));
      for (const x of xs) {
        const asked = Object.values(x.state.batches).filter(
          (b) => b.jobId && b.accountId === accountId && b.region === region,
        );
        const mine = asked.flatMap((b) => byId.get(b.jobId ?? "") ?? []);
        // Each job the execution waits for, at debug: the engine reports one quiet too long (JobStalled).
        for (const b of asked) {
          const job = byId.get(b.jobId ?? "");
          if (!job || b.status !== "ACTIVE") continue;
          ports.logger.debug(
            {
              executionId: x.state.executionId,
              waveNumber: b.waveNumber,
              batchId: b.batchId,
              jobId: job.jobId,
              jobStatus: job.status,
            },
            "waiting for DRS job",
          );
        }
        // Jobs DRS did not return: the engine decides, after a few polls, that DRS lost them.
        const missingJobIds = asked.flatMap((b) =>
          b.status === "ACTIVE" && b.jobId && !byId.has(b.jobId) ? [b.jobId] : [],
        );
        if (missingJobIds.length > 0)
          ports.logger.debug(
            { executionId: x.state.executionId, accountId, region, missingJobIds },
            "DescribeJobs did not return these jobs",
          );
        push(x, {
          type: "JobsObserved",
          accountId,
          region,
          jobs: mine,
          ...(missingJobIds.length > 0 && { missingJobIds }),
        });
      }
    }),
  );

  await Promise.all(
    [...healthTargets.values()].map(async (target) => {
      try {
        for (const [x, obs] of await checkHealth(target, ports)) push(x, obs);
      } catch (error) {
        ports.logger.warn(
          { err: error, accountId: target.accountId, region: target.region },
          "health check failed; checking again next tick",
        );
      }
    }),
  );
  return out;
}

/**
 * Servers DRS just failed get the reason from the job log (one DescribeJobLogItems per job with
 * such servers), so the execution, its report and the SERVER_FAILED notice say why, not only
 * "DRS launch failed". A failed read leaves the reason out; the launch status still counts.
 */
async function explainFailures(
  jobs: DrsJobObservation[],
  xs: readonly TrackedExecution[],
  accountId: string,
  region: string,
  ports: PollingPorts,
): Promise<void> {
  const newlyFailed = (serverId: string, launchStatus: string) =>
    launchStatus === "FAILED" &&
    xs.some((x) => {
      const srv = x.state.servers[serverId];
      return srv !== undefined && srv.launchStatus !== "FAILED" && srv.health !== "FAILED";
    });
  await Promise.all(
    jobs
      .filter((j) => j.servers.some((x) => newlyFailed(x.serverId, x.launchStatus)))
      .map(async (job) => {
        try {
          ports.counters.drsCalls();
          const reasons = failureReasonsOf(await ports.launcher.getJobLogItems(accountId, region, job.jobId));
          job.servers = job.servers.map((x) => {
            const failureReason = x.launchStatus === "FAILED" ? reasons.get(x.serverId) : undefined;
            return failureReason ? { ...x, failureReason } : x;
          });
        } catch (error) {
          ports.logger.warn(
            { err: error, accountId, region, jobId: job.jobId },
            "could not read the DRS job log for the reason of a failed launch",
          );
        }
      }),
  );
}

interface HealthTarget {
  accountId: string;
  region: string;
  entries: { x: TrackedExecution; serverId: string; recoveryInstanceId?: string; ec2InstanceId?: string }[];
}

type HealthObserved = Extract<ExecutionObservation, { type: "HealthObserved" }>;

/** EC2 health of the servers of every execution in one account-region. */
async function checkHealth(
  { accountId, region, entries }: HealthTarget,
  ports: PollingPorts,
): Promise<Map<TrackedExecution, HealthObserved>> {
  // The job names the recovery instance; EC2 needs its instance id, learned once per server.
  const unknown = entries.filter((e) => !e.ec2InstanceId && e.recoveryInstanceId);
  const ec2ByRecovery = new Map<string, string>();
  if (unknown.length > 0) {
    ports.counters.drsCalls();
    const instances = await ports.launcher.describeRecoveryInstances(accountId, region, {
      recoveryInstanceIds: unknown.map((e) => e.recoveryInstanceId as string),
    });
    for (const r of instances) if (r.ec2InstanceId) ec2ByRecovery.set(r.recoveryInstanceId, r.ec2InstanceId);
  }
  const ec2Of = (e: (typeof entries)[number]) =>
    e.ec2InstanceId ?? (e.recoveryInstanceId ? ec2ByRecovery.get(e.recoveryInstanceId) : undefined);
  const ids = entries.flatMap((e) => ec2Of(e) ?? []);
  ports.counters.ec2Calls(ids.length > 0 ? Math.ceil(ids.length / 100) : 0);
  const statuses = ids.length > 0 ? await ports.health.describeInstanceHealth(accountId, region, ids) : [];
  const byInstance = new Map(statuses.map((s) => [s.ec2InstanceId, s]));
  const perExecution = new Map<TrackedExecution, HealthObserved>();
  for (const e of entries) {
    const ec2InstanceId = ec2Of(e);
    const status = ec2InstanceId ? byInstance.get(ec2InstanceId) : undefined;
    ports.logger.debug(
      {
        executionId: e.x.state.executionId,
        waveNumber: e.x.state.servers[e.serverId]?.waveNumber,
        serverId: e.serverId,
        ec2InstanceId,
        ec2State: status?.state,
      },
      "waiting for instance health",
    );
    const obs = perExecution.get(e.x) ?? { type: "HealthObserved" as const, accountId, region, servers: [] };
    obs.servers.push({
      serverId: e.serverId,
      ...(ec2InstanceId ? { ec2InstanceId } : {}),
      ...(status
        ? { state: status.state, instanceStatus: status.instanceStatus, systemStatus: status.systemStatus }
        : {}),
    });
    perExecution.set(e.x, obs);
  }
  return perExecution;
}
