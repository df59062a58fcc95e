import { PHASE_MINUTES, PHASE_SPREAD } from "./phase-durations";
import { hashHex, type SeededRandom } from "./seeded-random";
import type { SimClock } from "./sim-clock";
import type {
  JobRecord,
  JobServerSchedule,
  JobStatus,
  LaunchStatus,
  RegionWorld,
  SourceServerRecord,
} from "./world-records";

const LAUNCH_FAILURES = [
  (s: SourceServerRecord) =>
    `Failed to launch recovery instance: InsufficientInstanceCapacity - We currently do not have sufficient ${s.instanceType} capacity in the Availability Zone you requested (${s.region}a).`,
  (s: SourceServerRecord) =>
    `Failed to launch recovery instance: InvalidSubnetID.NotFound - the subnet in the launch template of ${s.hostname} does not exist.`,
  (_: SourceServerRecord) =>
    "Failed to launch recovery instance: UnauthorizedOperation - the DRS service role is not authorized to perform ec2:RunInstances with the configured KMS key.",
];

/** Replication states with no usable snapshot at all: the job fails that server at the snapshot step. */
const NO_SNAPSHOT_STATES = new Set(["INITIATING", "INITIAL_SYNC"]);

export function scheduleLaunchJob(args: {
  jobID: string;
  arn: string;
  isDrill: boolean;
  tags: Record<string, string>;
  servers: { server: SourceServerRecord; snapshotAt?: number; recoveryInstanceID: string; ipIndex: number }[];
  now: number;
  clock: SimClock;
  rng: SeededRandom;
}): JobRecord {
  const { clock, rng, now } = args;
  const phase = (minutes: number) => clock.durationMs(rng.jitter(minutes, PHASE_SPREAD));
  const startedAt = now + phase(PHASE_MINUTES.jobPending);
  const servers = args.servers.map(
    ({ server, snapshotAt, recoveryInstanceID, ipIndex }): JobServerSchedule => {
      const unhealthy = server.frozenSnapshotAt !== undefined;
      const usesPreviousSnapshot = snapshotAt !== undefined || unhealthy;
      const snapshotEndAt = startedAt + (usesPreviousSnapshot ? phase(0.1) : phase(PHASE_MINUTES.snapshot));
      const base = {
        sourceServerID: server.sourceServerID,
        recoveryInstanceID,
        ipIndex,
        startAt: startedAt,
        snapshotEndAt,
        snapshotAt: snapshotAt ?? server.frozenSnapshotAt ?? snapshotEndAt,
        usesPreviousSnapshot,
        applied: false,
      };
      if (NO_SNAPSHOT_STATES.has(server.replicationState) || server.replicationState === "STOPPED") {
        return {
          ...base,
          conversionEndAt: snapshotEndAt,
          endAt: snapshotEndAt,
          failure: {
            phase: "SNAPSHOT",
            message: `No recovery snapshot available: data replication of ${server.sourceServerID} is ${server.replicationState}.`,
          },
        };
      }
      const conversionEndAt = snapshotEndAt + phase(PHASE_MINUTES.conversion);
      const endAt = conversionEndAt + phase(PHASE_MINUTES.launch);
      const fails = server.launchFailureProbability > 0 && rng.next() < server.launchFailureProbability;
      return {
        ...base,
        conversionEndAt,
        endAt,
        ...(fails && { failure: { phase: "LAUNCH" as const, message: rng.pick(LAUNCH_FAILURES)(server) } }),
      };
    },
  );
  const lastEnd = Math.max(startedAt, ...servers.map((s) => s.endAt));
  return {
    jobID: args.jobID,
    arn: args.arn,
    type: "LAUNCH",
    initiatedBy: args.isDrill ? "START_DRILL" : "START_RECOVERY",
    isDrill: args.isDrill,
    createdAt: now,
    startedAt,
    endAt: lastEnd + phase(PHASE_MINUTES.jobEnd),
    tags: args.tags,
    servers,
  };
}

export function scheduleTerminateJob(args: {
  jobID: string;
  arn: string;
  targets: { sourceServerID: string; recoveryInstanceID: string }[];
  now: number;
  clock: SimClock;
  rng: SeededRandom;
}): JobRecord {
  const { clock, rng, now } = args;
  const phase = (minutes: number) => clock.durationMs(rng.jitter(minutes, PHASE_SPREAD));
  const startedAt = now + phase(PHASE_MINUTES.jobPending);
  const servers = args.targets.map((t): JobServerSchedule => {
    const endAt = startedAt + phase(PHASE_MINUTES.terminate);
    return {
      ...t,
      startAt: startedAt,
      snapshotEndAt: startedAt,
      conversionEndAt: startedAt,
      endAt,
      snapshotAt: startedAt,
      usesPreviousSnapshot: false,
      applied: false,
    };
  });
  return {
    jobID: args.jobID,
    arn: args.arn,
    type: "TERMINATE",
    initiatedBy: "TERMINATE_RECOVERY_INSTANCES",
    isDrill: false,
    createdAt: now,
    startedAt,
    endAt: Math.max(startedAt, ...servers.map((s) => s.endAt)) + phase(PHASE_MINUTES.jobEnd),
    tags: {},
    servers,
  };
}

export const jobStatus = (job: JobRecord, now: number): JobStatus =>
  now < job.startedAt ? "PENDING" : now < job.endAt ? "STARTED" : "COMPLETED";

export function launchStatus(
  job: JobRecord,
  server: JobServerSchedule,
  now: number,
  world: RegionWorld,
): LaunchStatus {
  if (now < job.startedAt) return "PENDING";
  if (now < server.endAt) return "IN_PROGRESS";
  if (job.type === "TERMINATE") return "TERMINATED";
  if (server.failure) return "FAILED";
  const instance = world.recoveryInstances.get(server.recoveryInstanceID);
  return instance?.terminatedAt !== undefined && instance.terminatedAt <= now ? "TERMINATED" : "LAUNCHED";
}

export interface JobLogItem {
  logDateTime: number;
  event: string;
  eventData?: {
    sourceServerID?: string;
    targetInstanceID?: string;
    conversionServerID?: string;
    rawError?: string;
  };
}

/** Every log event of the job that has happened by `now`, oldest first. */
export function jobLogItems(job: JobRecord, now: number): JobLogItem[] {
  const items: JobLogItem[] = [{ logDateTime: job.startedAt, event: "JOB_START" }];
  for (const s of job.servers) {
    const id = { sourceServerID: s.sourceServerID };
    if (job.type === "TERMINATE") {
      items.push({
        logDateTime: s.startAt,
        event: "CLEANUP_START",
        eventData: { ...id, targetInstanceID: s.recoveryInstanceID },
      });
      items.push({
        logDateTime: s.endAt,
        event: "CLEANUP_END",
        eventData: { ...id, targetInstanceID: s.recoveryInstanceID },
      });
      continue;
    }
    if (s.failure?.phase === "SNAPSHOT") {
      items.push({ logDateTime: s.startAt, event: "SNAPSHOT_START", eventData: id });
      items.push({
        logDateTime: s.endAt,
        event: "SNAPSHOT_FAIL",
        eventData: { ...id, rawError: s.failure.message },
      });
      continue;
    }
    if (s.usesPreviousSnapshot) {
      items.push({ logDateTime: s.snapshotEndAt, event: "USING_PREVIOUS_SNAPSHOT", eventData: id });
    } else {
      items.push({ logDateTime: s.startAt, event: "SNAPSHOT_START", eventData: id });
      items.push({ logDateTime: s.snapshotEndAt, event: "SNAPSHOT_END", eventData: id });
    }
    const conversionServerID = `i-${hashHex(`conversion/${s.recoveryInstanceID}`)}`;
    items.push({
      logDateTime: s.snapshotEndAt,
      event: "CONVERSION_START",
      eventData: { ...id, conversionServerID },
    });
    items.push({
      logDateTime: s.conversionEndAt,
      event: "CONVERSION_END",
      eventData: { ...id, conversionServerID },
    });
    items.push({ logDateTime: s.conversionEndAt, event: "LAUNCH_START", eventData: id });
    items.push(
      s.failure
        ? { logDateTime: s.endAt, event: "LAUNCH_FAILED", eventData: { ...id, rawError: s.failure.message } }
        : {
            logDateTime: s.endAt,
            event: "LAUNCH_END",
            eventData: { ...id, targetInstanceID: s.recoveryInstanceID },
          },
    );
  }
  items.push({ logDateTime: job.endAt, event: "JOB_END" });
  return items.filter((i) => i.logDateTime <= now).sort((a, b) => a.logDateTime - b.logDateTime);
}
