import {
  type Actor,
  InvalidStateError,
  isDomainError,
  isTerminalExecutionStatus,
  LAUNCH_TAGS,
  NotFoundError,
  type RecoveryInstanceObservation,
  ValidationError,
} from "@drso/core";
import type { AppDeps } from "../app-deps";
import { auditEntry } from "../audit-entry";
import { requireAdapter } from "../optional-adapters";
import { resolveAccountRegion } from "./accounts";

/**
 * The EC2 instances DRS launched (recovery instances), with their source server and the execution
 * that launched them; terminate only ever acts on those.
 */
export interface RecoveryInstance {
  instanceId: string;
  recoveryInstanceId: string;
  sourceServerId: string;
  hostname?: string;
  state?: string;
  instanceType?: string;
  subnetId?: string;
  isDrill?: boolean;
  jobId?: string;
  executionId?: string;
  accountId: string;
  region: string;
}

type Scope = { accountId?: string | undefined; region?: string | undefined };

/** The account-region's recovery instances, each with its source hostname and launching execution. */
async function recoveryInstances(
  deps: AppDeps,
  accountId: string,
  region: string,
): Promise<RecoveryInstance[]> {
  const launcher = requireAdapter(deps, "launcher");
  const [instances, servers] = await Promise.all([
    launcher.describeRecoveryInstances(accountId, region),
    deps.catalog.listSourceServers(accountId, region),
  ]);
  const hostnames = new Map(servers.map((s) => [s.serverId, s.hostname]));
  const jobIds = [...new Set(instances.map((r) => r.jobId).filter((id): id is string => id !== undefined))];
  const executionOfJob = new Map<string, string>();
  if (jobIds.length > 0) {
    try {
      for (const job of await launcher.describeJobs(accountId, region, jobIds)) {
        const executionId = job.tags[LAUNCH_TAGS.executionId];
        if (executionId) executionOfJob.set(job.jobId, executionId);
      }
    } catch (error) {
      // The instances still list; only the link to their execution is missing.
      if (!isDomainError(error)) throw error;
      deps.logger.warn({ err: error, accountId, region }, "recovery instances: jobs unreadable");
    }
  }
  return instances
    .filter(
      (r): r is RecoveryInstanceObservation & { ec2InstanceId: string } => r.ec2InstanceId !== undefined,
    )
    .map((r) => {
      const executionId = r.jobId ? executionOfJob.get(r.jobId) : undefined;
      const hostname = hostnames.get(r.serverId);
      return {
        instanceId: r.ec2InstanceId,
        recoveryInstanceId: r.recoveryInstanceId,
        sourceServerId: r.serverId,
        ...(hostname ? { hostname } : {}),
        // DRS reports EC2 states in capitals (RUNNING); EC2 and the execution detail use lower case.
        ...(r.ec2State ? { state: r.ec2State.toLowerCase() } : {}),
        ...(r.instanceType ? { instanceType: r.instanceType } : {}),
        ...(r.subnetId ? { subnetId: r.subnetId } : {}),
        ...(r.isDrill !== undefined ? { isDrill: r.isDrill } : {}),
        ...(r.jobId ? { jobId: r.jobId } : {}),
        ...(executionId ? { executionId } : {}),
        accountId,
        region,
      };
    });
}

export async function listRecoveryInstances(
  deps: AppDeps,
  query: Scope & { executionId?: string | undefined },
) {
  const { accountId, region } = await resolveAccountRegion(deps, query);
  const all = await recoveryInstances(deps, accountId, region);
  const items = query.executionId ? all.filter((r) => r.executionId === query.executionId) : all;
  return { items };
}

/** One recovery instance with its EC2 status checks; 404 when DRS did not launch it. */
export async function getRecoveryInstance(deps: AppDeps, instanceId: string, query: Scope) {
  const { accountId, region } = await resolveAccountRegion(deps, query);
  const found = (await recoveryInstances(deps, accountId, region)).find((r) => r.instanceId === instanceId);
  if (!found) throw new NotFoundError("Recovery instance", instanceId);
  const health = deps.health
    ? (await deps.health.describeInstanceHealth(accountId, region, [instanceId]))[0]
    : undefined;
  return {
    ...found,
    ...(health
      ? { state: health.state, instanceStatus: health.instanceStatus, systemStatus: health.systemStatus }
      : {}),
  };
}

/**
 * Terminates recovery instances through DRS: any id DRS did not launch, or one an active execution
 * still uses, refuses the whole request; audited with the executions that launched them.
 */
export async function terminateRecoveryInstances(
  deps: AppDeps,
  body: Scope & { instanceIds: string[] },
  actor: Actor,
) {
  const { accountId, region } = await resolveAccountRegion(deps, body);
  const requested = [...new Set(body.instanceIds)];
  const known = new Map((await recoveryInstances(deps, accountId, region)).map((r) => [r.instanceId, r]));
  const foreign = requested.filter((id) => !known.has(id));
  if (foreign.length > 0) {
    throw new ValidationError(
      `Nothing terminated: ${foreign.join(", ")} ${foreign.length === 1 ? "is not a recovery instance" : "are not recovery instances"} launched by DRS in ${accountId}/${region}`,
      { field: "instanceIds", instanceIds: foreign },
      "NOT_RECOVERY_INSTANCE",
    );
  }
  const targets = requested.map((id) => known.get(id) as RecoveryInstance);
  // An execution still running relies on its instances (health checks, later waves).
  const runtime = deps.executions;
  const busy: { instanceId: string; executionId: string; status: string }[] = [];
  for (const t of targets) {
    if (!t.executionId || !runtime) continue;
    const state = runtime.driver.current(t.executionId) ?? (await runtime.store.get(t.executionId));
    if (state && !isTerminalExecutionStatus(state.status))
      busy.push({ instanceId: t.instanceId, executionId: t.executionId, status: state.status });
  }
  if (busy.length > 0) {
    throw new InvalidStateError(
      "INSTANCE_IN_ACTIVE_EXECUTION",
      `Nothing terminated: ${busy.map((b) => `${b.instanceId} belongs to ${b.status} execution ${b.executionId}`).join("; ")}`,
      { instances: busy },
    );
  }
  const live = targets.filter((t) => t.state !== "terminated");
  const { jobId } =
    live.length > 0
      ? await requireAdapter(deps, "launcher").terminateRecoveryInstances(
          accountId,
          region,
          live.map((t) => t.recoveryInstanceId),
        )
      : { jobId: undefined };
  await deps.store.recordAudit(
    auditEntry(
      actor.username,
      "TerminateRecoveryInstances",
      "execution",
      [...new Set(targets.map((t) => t.executionId ?? "-"))].join(","),
      {},
      { accountId, region, instanceIds: requested, ...(jobId ? { jobId } : {}) },
      deps.now(),
    ),
  );
  deps.logger.info(
    { accountId, region, instanceIds: requested, actor: actor.username, jobId },
    "recovery instances terminated",
  );
  return {
    accountId,
    region,
    ...(jobId ? { jobId } : {}),
    terminating: live.map((t) => t.instanceId),
    alreadyTerminated: targets.filter((t) => t.state === "terminated").map((t) => t.instanceId),
  };
}
