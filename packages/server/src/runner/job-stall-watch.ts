import type { DrsJobObservation } from "@drso/core";

/** How long a DRS job may show the same status and launch statuses before the runner warns. */
export const JOB_STALL_WARNING_MS = 10 * 60_000;

/**
 * Remembers, per DRS job the runner polls, what it last looked like and since when, so that a job
 * that shows no change for `JOB_STALL_WARNING_MS` is reported (once per such period) instead of
 * being polled silently for ever. Times come from the runner's clock.
 */
export class JobStallWatch {
  private readonly seen = new Map<string, { look: string; since: number; warnedAt?: number }>();

  constructor(private readonly now: () => Date) {}

  /** Minutes without change when a warning is due for this observation, else undefined. */
  observe(job: DrsJobObservation): number | undefined {
    const t = this.now().getTime();
    const look = `${job.status}|${job.servers.map((s) => `${s.serverId}:${s.launchStatus}`).join(",")}`;
    const last = this.seen.get(job.jobId);
    if (!last || last.look !== look) {
      this.seen.set(job.jobId, { look, since: t });
      return undefined;
    }
    if (t - last.since < JOB_STALL_WARNING_MS) return undefined;
    if (last.warnedAt !== undefined && t - last.warnedAt < JOB_STALL_WARNING_MS) return undefined;
    last.warnedAt = t;
    return Math.floor((t - last.since) / 60_000);
  }

  /** Forgets jobs no execution polls any more. */
  retain(jobIds: ReadonlySet<string>): void {
    for (const id of this.seen.keys()) if (!jobIds.has(id)) this.seen.delete(id);
  }
}
