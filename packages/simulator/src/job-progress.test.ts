import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { flatFleetForUnitTests } from "./fleet-fixtures";
import { settle } from "./job-progress";
import { jobLogItems, jobStatus, scheduleLaunchJob } from "./recovery-job";
import { SimClock } from "./sim-clock";
import { World } from "./world";

/** A world with one region and a launched job of `size` servers, created at t = 0. */
function worldWithJob(seed: number, size: number, failureProbability: number) {
  let wall = 0;
  const clock = new SimClock(60, () => wall);
  const world = new World(flatFleetForUnitTests(size, failureProbability), clock, seed);
  const region = world.regionWorld("111111111111", "us-east-1");
  if (!region) throw new Error("fixture region missing");
  const job = scheduleLaunchJob({
    jobID: world.newId("drsjob-"),
    arn: "arn:aws:drs:us-east-1:111111111111:job/x",
    isDrill: true,
    tags: {},
    servers: [...region.servers.values()].map((server, ipIndex) => ({
      server,
      recoveryInstanceID: world.newId("i-"),
      ipIndex,
    })),
    now: 0,
    clock,
    rng: world.rng,
  });
  region.jobs.set(job.jobID, job);
  region.jobList.push(job);
  region.activeJobs.add(job);
  return { region, job, clock, setWall: (ms: number) => (wall = ms) };
}

const snapshotOf = (region: ReturnType<typeof worldWithJob>["region"]) =>
  [...region.instances.values()].map((i) => ({
    id: i.instanceId,
    at: i.launchedAt,
    ok: i.statusOkAt,
    ip: i.privateIpAddress,
    subnet: i.subnetId,
  }));

describe("lazy job progress", () => {
  it("gives the same instances whether observed once at the end or at any times in between", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1, max: 30 }),
        fc.array(fc.integer({ min: 0, max: 30_000 }), { maxLength: 12 }),
        (seed, size, probes) => {
          const once = worldWithJob(seed, size, 0.3);
          settle(once.region, 30_000, once.clock);
          const often = worldWithJob(seed, size, 0.3);
          for (const t of [...probes].sort((a, b) => a - b)) settle(often.region, t, often.clock);
          settle(often.region, 30_000, often.clock);
          expect(snapshotOf(often.region)).toEqual(snapshotOf(once.region));
          expect(often.region.liveRecoveryInstances).toBe(once.region.liveRecoveryInstances);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("keeps the job's log in time order and its status monotonic: PENDING, then STARTED, then COMPLETED", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 20 }), (seed, size) => {
        const { job } = worldWithJob(seed, size, 0.5);
        const order = ["PENDING", "STARTED", "COMPLETED"];
        let last = 0;
        for (let t = 0; t <= 30_000; t += 250) {
          const rank = order.indexOf(jobStatus(job, t));
          expect(rank).toBeGreaterThanOrEqual(last);
          last = rank;
        }
        expect(last).toBe(2);
        const log = jobLogItems(job, 30_000);
        expect(log[0]?.event).toBe("JOB_START");
        expect(log.at(-1)?.event).toBe("JOB_END");
        expect(log.map((i) => i.logDateTime)).toEqual(
          [...log.map((i) => i.logDateTime)].sort((a, b) => a - b),
        );
        const ends = log.filter((i) => i.event === "LAUNCH_END" || i.event === "LAUNCH_FAILED");
        expect(ends).toHaveLength(size);
      }),
      { numRuns: 60 },
    );
  });
});
