import { settle } from "../job-progress";
import { jobLogItems, scheduleLaunchJob, scheduleTerminateJob } from "../recovery-job";
import { recoverySnapshots } from "../recovery-snapshots";
import { iso } from "../sim-clock";
import type { World } from "../world";
import type { JobRecord, RegionWorld } from "../world-records";
import type { DrsCall, DrsResult } from "./drs-call";
import { conflict, DrsError, notFound, quotaExceeded, validation } from "./drs-error";
import { jobView, recoveryInstanceView, recoverySnapshotView, sourceServerView } from "./drs-views";
import { paginate } from "./pagination";
import { REPLICATION_OPERATIONS } from "./replication-configuration";
import {
  booleanField,
  dateField,
  isObject,
  objectField,
  requiredString,
  stringField,
  stringList,
  tagMap,
} from "./request-fields";

const ok = (body: unknown, status = 200): DrsResult => ({ status, body });

/** The most source servers one StartRecovery accepts (API limit; the per-job quota is lower). */
export const MAX_SERVERS_PER_START_RECOVERY = 200;

/** The DRS operations the simulator serves, keyed by operation name. */
export const DRS_OPERATIONS: Record<string, (call: DrsCall) => DrsResult> = {
  ...REPLICATION_OPERATIONS,
  DescribeSourceServers({ region, now, input }) {
    const filters = objectField(input, "filters") ?? {};
    const ids = stringList(filters, "sourceServerIDs", 200);
    const staging = stringList(filters, "stagingAccountIDs", 200);
    const lifeCycleStates = stringList(filters, "lifeCycleStates", 20);
    const isArchived = booleanField(filters, "isArchived");
    const hardwareId = stringField(filters, "hardwareId");
    let servers = [...region.servers.values()];
    if (ids) {
      const wanted = new Set(ids);
      servers = servers.filter((s) => wanted.has(s.sourceServerID));
    }
    // Servers in this fleet replicate into the account itself (none are extended from a staging account).
    if (staging && staging.length > 0) servers = [];
    // DRS has no archived servers; `isArchived` / `lifeCycleStates` are accepted for MGN-style callers.
    if (isArchived === true) servers = [];
    if (lifeCycleStates && lifeCycleStates.length > 0 && !lifeCycleStates.includes("READY_FOR_RECOVERY"))
      servers = [];
    if (hardwareId !== undefined) servers = [];
    const page = paginate(servers, input, `servers/${JSON.stringify(filters)}`);
    return ok({ items: page.items.map((s) => sourceServerView(s, region, now)), nextToken: page.nextToken });
  },

  StartRecovery({ sim, region, now, input }) {
    const requested = input.sourceServers;
    if (!Array.isArray(requested) || requested.length === 0)
      throw validation("sourceServers must contain at least 1 source server");
    if (requested.length > MAX_SERVERS_PER_START_RECOVERY)
      throw validation(
        `sourceServers must contain at most ${MAX_SERVERS_PER_START_RECOVERY} source servers, got ${requested.length}`,
      );
    const isDrill = booleanField(input, "isDrill") ?? false;
    const tags = tagMap(input, "tags") ?? {};
    const seen = new Set<string>();
    const picked = requested.map((entry, i) => {
      if (!isObject(entry)) throw validation(`sourceServers[${i}] must be an object`);
      const id = requiredString(entry, "sourceServerID");
      if (seen.has(id)) throw validation(`Source server ${id} appears more than once in sourceServers`);
      seen.add(id);
      const server = region.servers.get(id);
      if (!server) throw notFound(`Source server ${id} not found`, id, "SOURCE_SERVER");
      const snapshotID = stringField(entry, "recoverySnapshotID");
      let snapshotAt: number | undefined;
      if (snapshotID !== undefined) {
        const snapshot = recoverySnapshots(server, now).find((s) => s.snapshotID === snapshotID);
        if (!snapshot)
          throw notFound(
            `Recovery snapshot ${snapshotID} not found for ${id}`,
            snapshotID,
            "RECOVERY_SNAPSHOT",
          );
        snapshotAt = snapshot.expectedTimestamp;
      }
      return { server, ...(snapshotAt !== undefined && { snapshotAt }) };
    });

    const q = region.quotas;
    if (picked.length > q.maxServersPerJob)
      throw quotaExceeded(
        `Cannot launch ${picked.length} source servers in one job: the quota is ${q.maxServersPerJob} source servers per job.`,
        "maxServersPerJob",
        "JOB",
      );
    const active = [...region.activeJobs];
    const inUse = new Map<string, string>();
    for (const job of active) for (const s of job.servers) inUse.set(s.sourceServerID, job.jobID);
    for (const { server } of picked) {
      const jobID = inUse.get(server.sourceServerID);
      if (jobID !== undefined)
        throw conflict(
          `Source server ${server.sourceServerID} is already participating in active job ${jobID}.`,
          server.sourceServerID,
          "SOURCE_SERVER",
        );
    }
    if (active.length >= q.maxConcurrentJobs)
      throw quotaExceeded(
        `Cannot start another job: ${active.length} jobs are active and the quota is ${q.maxConcurrentJobs} concurrent jobs.`,
        "maxConcurrentJobs",
        "JOB",
      );
    const serversInJobs = active.reduce((n, j) => n + j.servers.length, 0);
    if (serversInJobs + picked.length > q.maxServersInActiveJobs)
      throw quotaExceeded(
        `Cannot add ${picked.length} source servers: ${serversInJobs} are in active jobs and the quota is ${q.maxServersInActiveJobs} source servers in all active jobs.`,
        "maxServersInActiveJobs",
        "SOURCE_SERVER",
      );
    const liveInstances = region.liveRecoveryInstances;
    if (liveInstances + picked.length > q.maxRecoveryInstances)
      throw quotaExceeded(
        `Cannot launch ${picked.length} recovery instances: ${liveInstances} exist and the quota is ${q.maxRecoveryInstances}.`,
        "maxRecoveryInstances",
        "RECOVERY_INSTANCE",
      );

    const jobID = sim.newId("drsjob-");
    const job = scheduleLaunchJob({
      jobID,
      arn: `arn:aws:drs:${region.region}:${region.accountId}:job/${jobID}`,
      isDrill,
      tags: { ...tags },
      servers: picked.map((p) => ({ ...p, recoveryInstanceID: sim.newId("i-"), ipIndex: region.nextIp++ })),
      now,
      clock: sim.clock,
      rng: sim.rng,
    });
    for (const { server } of picked)
      server.lastLaunch = { jobID, type: isDrill ? "DRILL" : "RECOVERY", apiCallAt: now };
    addJob(region, job);
    return ok({ job: jobView(job, region, now) }, 202);
  },

  DescribeJobs({ region, now, input }) {
    const filters = objectField(input, "filters") ?? {};
    const ids = stringList(filters, "jobIDs", 1000);
    const from = dateField(filters, "fromDate");
    const to = dateField(filters, "toDate");
    // By id through the index (pollers ask for a few ids among thousands of jobs), in creation order.
    let jobs = ids
      ? [...new Set(ids)]
          .map((id) => region.jobs.get(id))
          .filter((j): j is JobRecord => j !== undefined)
          .sort((a, b) => a.createdAt - b.createdAt)
      : region.jobList;
    if (from !== undefined) jobs = jobs.filter((j) => j.createdAt >= from);
    if (to !== undefined) jobs = jobs.filter((j) => j.createdAt <= to);
    const page = paginate(jobs, input, `jobs/${JSON.stringify(filters)}`);
    return ok({ items: page.items.map((j) => jobView(j, region, now)), nextToken: page.nextToken });
  },

  DescribeJobLogItems({ region, now, input }) {
    const jobID = requiredString(input, "jobID");
    const job = region.jobs.get(jobID);
    if (!job) throw notFound(`Job ${jobID} not found`, jobID, "JOB");
    const page = paginate(jobLogItems(job, now), input, `log/${jobID}`);
    return ok({
      items: page.items.map((i) => ({
        logDateTime: iso(i.logDateTime),
        event: i.event,
        eventData: i.eventData ?? {},
      })),
      nextToken: page.nextToken,
    });
  },

  DescribeRecoveryInstances({ region, now, input }) {
    const filters = objectField(input, "filters") ?? {};
    const ids = stringList(filters, "recoveryInstanceIDs", 200);
    const serverIds = stringList(filters, "sourceServerIDs", 200);
    let items = [...region.recoveryInstances.values()].filter(
      (r) => r.terminatedAt === undefined || r.terminatedAt > now,
    );
    if (ids) {
      const wanted = new Set(ids);
      items = items.filter((r) => wanted.has(r.recoveryInstanceID));
    }
    if (serverIds) {
      const wanted = new Set(serverIds);
      items = items.filter((r) => wanted.has(r.sourceServerID));
    }
    const page = paginate(items, input, `instances/${JSON.stringify(filters)}`);
    return ok({
      items: page.items.map((r) =>
        recoveryInstanceView(
          r,
          region.instances.get(r.recoveryInstanceID),
          region.servers.get(r.sourceServerID),
          now,
        ),
      ),
      nextToken: page.nextToken,
    });
  },

  TerminateRecoveryInstances({ sim, region, now, input }) {
    const ids = stringList(input, "recoveryInstanceIDs", 200);
    if (!ids || ids.length === 0)
      throw validation("recoveryInstanceIDs must contain at least 1 recovery instance");
    const busy = new Set<string>();
    for (const job of region.activeJobs)
      if (job.type === "TERMINATE") for (const s of job.servers) busy.add(s.recoveryInstanceID);
    const targets = ids.map((id) => {
      const ri = region.recoveryInstances.get(id);
      if (!ri || (ri.terminatedAt !== undefined && ri.terminatedAt <= now))
        throw notFound(`Recovery instance ${id} not found`, id, "RECOVERY_INSTANCE");
      if (busy.has(id))
        throw conflict(`Recovery instance ${id} is already being terminated`, id, "RECOVERY_INSTANCE");
      return { sourceServerID: ri.sourceServerID, recoveryInstanceID: id };
    });
    if (region.activeJobs.size >= region.quotas.maxConcurrentJobs)
      throw quotaExceeded(
        `Cannot start another job: the quota is ${region.quotas.maxConcurrentJobs} concurrent jobs.`,
        "maxConcurrentJobs",
        "JOB",
      );
    const jobID = sim.newId("drsjob-");
    const job = scheduleTerminateJob({
      jobID,
      arn: `arn:aws:drs:${region.region}:${region.accountId}:job/${jobID}`,
      targets,
      now,
      clock: sim.clock,
      rng: sim.rng,
    });
    addJob(region, job);
    return ok({ job: jobView(job, region, now) });
  },

  GetLaunchConfiguration({ region, input }) {
    const id = requiredString(input, "sourceServerID");
    const server = region.servers.get(id);
    if (!server) throw notFound(`Source server ${id} not found`, id, "SOURCE_SERVER");
    return ok({ sourceServerID: id, ...server.launchConfiguration });
  },

  UpdateLaunchConfiguration({ region, input }) {
    const id = requiredString(input, "sourceServerID");
    const server = region.servers.get(id);
    if (!server) throw notFound(`Source server ${id} not found`, id, "SOURCE_SERVER");
    const config = server.launchConfiguration;
    const name = stringField(input, "name");
    if (name !== undefined) config.name = name;
    const disposition = stringField(input, "launchDisposition");
    if (disposition !== undefined) {
      if (disposition !== "STOPPED" && disposition !== "STARTED")
        throw validation("launchDisposition must be STOPPED or STARTED");
      config.launchDisposition = disposition;
    }
    const rightSizing = stringField(input, "targetInstanceTypeRightSizingMethod");
    if (rightSizing !== undefined) {
      if (rightSizing !== "NONE" && rightSizing !== "BASIC" && rightSizing !== "IN_AWS")
        throw validation("targetInstanceTypeRightSizingMethod must be NONE, BASIC or IN_AWS");
      config.targetInstanceTypeRightSizingMethod = rightSizing;
    }
    for (const flag of ["copyPrivateIp", "copyTags", "postLaunchEnabled"] as const) {
      const value = booleanField(input, flag);
      if (value !== undefined) config[flag] = value;
    }
    const licensing = objectField(input, "licensing");
    if (licensing)
      config.licensing = { osByol: booleanField(licensing, "osByol") ?? config.licensing.osByol };
    return ok({ sourceServerID: id, ...config });
  },

  DescribeRecoverySnapshots({ region, now, input }) {
    const id = requiredString(input, "sourceServerID");
    const server = region.servers.get(id);
    if (!server) throw notFound(`Source server ${id} not found`, id, "SOURCE_SERVER");
    const filters = objectField(input, "filters") ?? {};
    const from = dateField(filters, "fromDateTime");
    const to = dateField(filters, "toDateTime");
    const order = stringField(input, "order") ?? "ASC";
    if (order !== "ASC" && order !== "DESC") throw validation("order must be ASC or DESC");
    let snapshots = recoverySnapshots(server, now).filter(
      (s) =>
        (from === undefined || s.expectedTimestamp >= from) &&
        (to === undefined || s.expectedTimestamp <= to),
    );
    if (order === "DESC") snapshots = snapshots.reverse();
    const page = paginate(snapshots, input, `snapshots/${id}/${order}/${JSON.stringify(filters)}`);
    return ok({ items: page.items.map(recoverySnapshotView), nextToken: page.nextToken });
  },

  ListTagsForResource(call) {
    return ok({ tags: { ...taggable(call).tags } });
  },

  TagResource(call) {
    const resource = taggable(call);
    const tags = tagMap(call.input, "tags");
    if (!tags || Object.keys(tags).length === 0) throw validation("tags must contain at least 1 tag");
    Object.assign(resource.tags, tags);
    return ok(undefined);
  },

  UntagResource(call) {
    const resource = taggable(call);
    const keys = call.query.getAll("tagKeys");
    if (keys.length === 0) throw validation("tagKeys must contain at least 1 key");
    for (const key of keys) delete resource.tags[key];
    return ok(undefined);
  },
};

function addJob(region: RegionWorld, job: ReturnType<typeof scheduleLaunchJob>): void {
  region.jobs.set(job.jobID, job);
  region.jobList.push(job);
  region.activeJobs.add(job);
}

/** The resource a tag operation addresses; must live in the caller's account and region. */
function taggable({ region, resourceArn }: DrsCall): { tags: Record<string, string> } {
  const arn = resourceArn ?? "";
  const match = /^arn:aws:drs:([a-z0-9-]+):(\d{12}):(source-server|job|recovery-instance)\/(.+)$/.exec(arn);
  if (!match) throw validation(`Invalid resourceArn '${arn}'`);
  const [, arnRegion, account, type, id = ""] = match;
  if (account !== region.accountId)
    throw new DrsError(
      "AccessDeniedException",
      `Not authorized to access ${arn} from account ${region.accountId}`,
      {
        code: "AccessDeniedException",
      },
    );
  if (arnRegion !== region.region)
    throw notFound(`Resource ${arn} not found in ${region.region}`, arn, type ?? "");
  const resource =
    type === "source-server"
      ? region.servers.get(id)
      : type === "job"
        ? region.jobs.get(id)
        : region.recoveryInstances.get(id);
  if (!resource) throw notFound(`Resource ${arn} not found`, arn, type ?? "");
  return resource;
}

/** Brings the region's jobs up to `now` before any DRS or EC2 call reads or changes it. */
export const settleRegion = (sim: World, region: RegionWorld, now: number): void =>
  settle(region, now, sim.clock);
