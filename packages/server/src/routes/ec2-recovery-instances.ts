import {
  InvalidStateError,
  isDomainError,
  isTerminalExecutionStatus,
  LAUNCH_TAGS,
  NotFoundError,
  type RecoveryInstanceObservation,
  ValidationError,
} from "@drso/core";
import { z } from "@hono/zod-openapi";
import type { App, AppDeps } from "../app-deps";
import { auditEntry } from "../audit-entry";
import { Envelope, sendOk } from "../http/envelope";
import { jsonBody, secureRoute } from "../http/secure-route";
import { executionsRuntimeOf } from "../runner/index";
import { AccountRegionQuery, resolveAccountRegion, UPSTREAM_ERROR_RESPONSES } from "./drs-account-scope";
import { requireLauncher } from "./drs-launcher-dependency";

/**
 * `/ec2/instances`: the EC2 instances DRS launched (recovery instances), with their source server
 * and the execution that launched them; terminate only ever acts on those.
 */

const InstanceId = z.string().regex(/^i-[0-9a-f]{8,17}$/, "must be an EC2 instance id (i-...)");

const RecoveryInstance = z
  .object({
    instanceId: z.string(),
    recoveryInstanceId: z.string(),
    sourceServerId: z.string(),
    hostname: z.string().optional(),
    state: z.string().optional(),
    instanceType: z.string().optional(),
    subnetId: z.string().optional(),
    isDrill: z.boolean().optional(),
    jobId: z.string().optional(),
    executionId: z.string().optional(),
    accountId: z.string(),
    region: z.string(),
  })
  .openapi("RecoveryInstance");

const listRoute = secureRoute("drs:ViewResources", {
  method: "get",
  path: "/api/ec2/instances",
  tags: ["ec2"],
  summary: "EC2 instances launched by DRS (recovery instances) with source server, execution and state",
  request: {
    query: AccountRegionQuery.extend({
      executionId: z
        .string()
        .min(1)
        .max(128)
        .optional()
        .meta({ description: "Only instances this execution launched" }),
    }),
  },
  responses: {
    ...UPSTREAM_ERROR_RESPONSES,
    200: {
      description: "Recovery instances",
      content: { "application/json": { schema: Envelope(z.object({ items: z.array(RecoveryInstance) })) } },
    },
  },
});

const getRoute = secureRoute("drs:ViewResources", {
  method: "get",
  path: "/api/ec2/instances/{instanceId}",
  tags: ["ec2"],
  summary: "One recovery instance, with its EC2 status checks (404 when DRS did not launch it)",
  request: {
    params: z.object({ instanceId: InstanceId.openapi({ param: { name: "instanceId", in: "path" } }) }),
    query: AccountRegionQuery,
  },
  responses: {
    ...UPSTREAM_ERROR_RESPONSES,
    200: {
      description: "The recovery instance",
      content: { "application/json": { schema: Envelope(z.unknown()) } },
    },
  },
});

export const TerminateInstancesBody = z.strictObject({
  instanceIds: z.array(InstanceId).min(1).max(200),
  accountId: AccountRegionQuery.shape.accountId,
  region: AccountRegionQuery.shape.region,
});

const terminateRoute = secureRoute("drs:TerminateInstances", {
  method: "post",
  path: "/api/ec2/instances/terminate",
  tags: ["ec2"],
  summary:
    "Terminate recovery instances through DRS; any id DRS did not launch, or one of an active execution, refuses the whole request",
  request: { body: jsonBody(TerminateInstancesBody) },
  responses: {
    ...UPSTREAM_ERROR_RESPONSES,
    200: {
      description: "Termination started",
      content: { "application/json": { schema: Envelope(z.unknown()) } },
    },
  },
});

type RecoveryInstance = z.infer<typeof RecoveryInstance>;

/** The account-region's recovery instances, each with its source hostname and launching execution. */
async function recoveryInstances(
  deps: AppDeps,
  accountId: string,
  region: string,
): Promise<RecoveryInstance[]> {
  const launcher = requireLauncher(deps);
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

export function registerEc2RecoveryInstances(app: App, deps: AppDeps): void {
  app.openapi(listRoute, async (c) => {
    const query = c.req.valid("query");
    const { accountId, region } = await resolveAccountRegion(deps, query);
    const all = await recoveryInstances(deps, accountId, region);
    const items = query.executionId ? all.filter((r) => r.executionId === query.executionId) : all;
    return sendOk(c, { items }, 200);
  });

  app.openapi(getRoute, async (c) => {
    const { instanceId } = c.req.valid("param");
    const { accountId, region } = await resolveAccountRegion(deps, c.req.valid("query"));
    const found = (await recoveryInstances(deps, accountId, region)).find((r) => r.instanceId === instanceId);
    if (!found) throw new NotFoundError("Recovery instance", instanceId);
    const health = deps.health
      ? (await deps.health.describeInstanceHealth(accountId, region, [instanceId]))[0]
      : undefined;
    return sendOk(
      c,
      {
        ...found,
        ...(health
          ? { state: health.state, instanceStatus: health.instanceStatus, systemStatus: health.systemStatus }
          : {}),
      },
      200,
    );
  });

  app.openapi(terminateRoute, async (c) => {
    const body = c.req.valid("json");
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
    const runtime = executionsRuntimeOf(deps);
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
        ? await requireLauncher(deps).terminateRecoveryInstances(
            accountId,
            region,
            live.map((t) => t.recoveryInstanceId),
          )
        : { jobId: undefined };
    const actor = c.get("actor").username;
    await executionsRuntimeOf(deps)?.store.recordAudit(
      auditEntry(
        actor,
        "TerminateRecoveryInstances",
        "execution",
        [...new Set(targets.map((t) => t.executionId ?? "-"))].join(","),
        {},
        { accountId, region, instanceIds: requested, ...(jobId ? { jobId } : {}) },
        deps.now(),
      ),
    );
    deps.logger.info(
      { accountId, region, instanceIds: requested, actor, jobId },
      "recovery instances terminated",
    );
    return sendOk(
      c,
      {
        accountId,
        region,
        ...(jobId ? { jobId } : {}),
        terminating: live.map((t) => t.instanceId),
        alreadyTerminated: targets.filter((t) => t.state === "terminated").map((t) => t.instanceId),
      },
      200,
    );
  });
}
