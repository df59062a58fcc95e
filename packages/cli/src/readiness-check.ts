import {
  isUnhealthyReplication,
  matchesTags,
  type ProtectionGroup,
  type RecoveryPlan,
  type SourceServer,
} from "@drso/core";
import { type ApiClient, ApiError } from "./api-client";
import { type ExecutionView, isActive } from "./execution-progress";

export type CheckStatus = "ok" | "warning" | "fail";
export interface ReadinessFinding {
  check: "servers" | "replication" | "conflicts" | "quotas" | "groups";
  status: CheckStatus;
  message: string;
  serverId?: string;
  hostname?: string;
  accountId?: string;
  region?: string;
}
export interface ReadinessReport {
  ready: boolean;
  planId: string;
  planName: string;
  servers: {
    serverId: string;
    hostname?: string;
    accountId: string;
    region: string;
    replicationState?: string;
    group: string;
  }[];
  quotas: QuotaUsage[];
  findings: ReadinessFinding[];
}

interface QuotaUsage {
  accountId: string;
  region: string;
  headroom?: { jobs: number; serversInActiveJobs: number; recoveryInstances: number };
  error?: string;
}

const errorText = (e: unknown) => (e instanceof ApiError ? `${e.message} (${e.code})` : (e as Error).message);

/**
 * What `drso precheck` verifies without launching anything (the engine's start checks): every server of the plan exists and replicates healthily, none is held by an active
 * execution, and each account-region has quota headroom for the plan's servers.
 */
export async function checkReadiness(client: ApiClient, plan: RecoveryPlan): Promise<ReadinessReport> {
  const findings: ReadinessFinding[] = [];
  const groupIds = [...new Set(plan.waves.flatMap((w) => w.protectionGroupIds))];
  const allGroups = await client.listAll<ProtectionGroup>("/protection-groups");
  const groups = groupIds.map((id) => allGroups.find((g) => g.groupId === id));
  for (const [i, g] of groups.entries())
    if (!g)
      findings.push({
        check: "groups",
        status: "fail",
        message: `protection group ${groupIds[i]} no longer exists`,
      });

  // One listing per account-region, shared by the groups there.
  const scopes = new Map<string, Promise<SourceServer[] | Error>>();
  const serversIn = (accountId: string, region: string) => {
    const key = `${accountId}/${region}`;
    let p = scopes.get(key);
    if (!p) {
      p = client
        .listAll<SourceServer>("/drs/source-servers", { accountId, region })
        .catch((e: unknown) => new Error(errorText(e)));
      scopes.set(key, p);
    }
    return p;
  };

  const planServers: ReadinessReport["servers"] = [];
  for (const g of groups) {
    if (!g) continue;
    const listed = await serversIn(g.accountId, g.region);
    if (listed instanceof Error) {
      findings.push({
        check: "servers",
        status: "fail",
        message: `cannot list DRS source servers of ${g.accountId}/${g.region} for group "${g.groupName}": ${listed.message}`,
        accountId: g.accountId,
        region: g.region,
      });
      continue;
    }
    const byId = new Map(listed.map((s) => [s.serverId, s]));
    const members = g.serverIds
      ? g.serverIds.map((id) => byId.get(id) ?? id)
      : listed.filter((s) => matchesTags(s, g.tagCriteria ?? {}));
    if (members.length === 0)
      findings.push({
        check: "servers",
        status: "fail",
        message: `group "${g.groupName}" matches no DRS source servers in ${g.accountId}/${g.region} (tags ${JSON.stringify(g.tagCriteria)})`,
      });
    for (const m of members) {
      if (typeof m === "string") {
        findings.push({
          check: "servers",
          status: "fail",
          message: `server ${m} of group "${g.groupName}" is missing from DRS in ${g.accountId}/${g.region}`,
          serverId: m,
          accountId: g.accountId,
          region: g.region,
        });
        planServers.push({ serverId: m, accountId: g.accountId, region: g.region, group: g.groupName });
        continue;
      }
      planServers.push({
        serverId: m.serverId,
        hostname: m.hostname,
        accountId: g.accountId,
        region: g.region,
        replicationState: m.replicationState,
        group: g.groupName,
      });
      const state = String(m.replicationState);
      const where = { serverId: m.serverId, hostname: m.hostname, accountId: g.accountId, region: g.region };
      if (isUnhealthyReplication(state))
        findings.push({
          check: "replication",
          status: "fail",
          message: `server ${m.hostname} (${m.serverId}) of group "${g.groupName}" is ${state}: it cannot be recovered with current data`,
          ...where,
        });
      else if (state !== "CONTINUOUS")
        findings.push({
          check: "replication",
          status: "warning",
          message: `server ${m.hostname} (${m.serverId}) of group "${g.groupName}" is ${state}, not yet CONTINUOUS`,
          ...where,
        });
    }
  }

  const planServerIds = new Set(planServers.map((s) => s.serverId));
  const executions = await client.listAll<ExecutionView>("/executions").catch((e: unknown) => {
    findings.push({
      check: "conflicts",
      status: "warning",
      message: `cannot list executions: ${errorText(e)}`,
    });
    return [] as ExecutionView[];
  });
  for (const e of executions.filter((x) => isActive(x.status))) {
    let detail = e;
    if (!e.waveStatus)
      detail = await client.get<ExecutionView>(`/executions/${encodeURIComponent(e.executionId)}`);
    const shared = (detail.waveStatus ?? [])
      .flatMap((w) => w.servers ?? [])
      .filter((s) => planServerIds.has(s.serverId));
    if (e.planId === plan.planId || shared.length > 0)
      findings.push({
        check: "conflicts",
        status: "fail",
        message: `execution ${e.executionId} of "${e.planName ?? e.planId}" is ${e.status}${
          shared.length
            ? ` and holds ${shared.length} of this plan's servers (${shared
                .slice(0, 5)
                .map((s) => s.hostname ?? s.serverId)
                .join(", ")})`
            : ""
        }`,
      });
  }

  const quotas = await client
    .get<{ items: QuotaUsage[] }>("/drs/quotas")
    .then((q) => q.items)
    .catch((e: unknown) => {
      findings.push({
        check: "quotas",
        status: "warning",
        message: `cannot read DRS quotas: ${errorText(e)}`,
      });
      return [] as QuotaUsage[];
    });
  const need = new Map<string, number>();
  for (const s of planServers)
    need.set(`${s.accountId}/${s.region}`, (need.get(`${s.accountId}/${s.region}`) ?? 0) + 1);
  const relevantQuotas: QuotaUsage[] = [];
  for (const [scope, count] of need) {
    const [accountId = "", region = ""] = scope.split("/");
    const q = quotas.find((x) => x.accountId === accountId && x.region === region);
    if (!q) continue;
    relevantQuotas.push(q);
    const where = { accountId, region };
    if (q.error || !q.headroom) {
      findings.push({
        check: "quotas",
        status: "warning",
        message: `${scope}: quota use unknown (${q.error ?? "no figures"})`,
        ...where,
      });
    } else if (q.headroom.recoveryInstances < count) {
      findings.push({
        check: "quotas",
        status: "fail",
        message: `${scope}: ${count} servers to recover but room for only ${q.headroom.recoveryInstances} more recovery instances (terminate old drill instances)`,
        ...where,
      });
    } else if (q.headroom.jobs === 0 || q.headroom.serversInActiveJobs === 0) {
      findings.push({
        check: "quotas",
        status: "warning",
        message: `${scope}: no headroom for new DRS jobs right now (jobs ${q.headroom.jobs}, servers ${q.headroom.serversInActiveJobs}); the execution would wait`,
        ...where,
      });
    } else {
      findings.push({
        check: "quotas",
        status: "ok",
        message: `${scope}: ${count} servers; headroom ${q.headroom.jobs} jobs, ${q.headroom.serversInActiveJobs} servers in active jobs, ${q.headroom.recoveryInstances} recovery instances`,
        ...where,
      });
    }
  }

  return {
    ready: !findings.some((f) => f.status === "fail"),
    planId: plan.planId,
    planName: plan.planName,
    servers: planServers,
    quotas: relevantQuotas,
    findings,
  };
}
