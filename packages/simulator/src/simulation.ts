/**
 * One running simulation: the `World` (`world.ts`) with its clock, seed, fault injector, issued
 * credentials and call counts, and the controls of `/_sim/` (reset, fleet, faults, clock). The HTTP
 * server (`simulator-server.ts`) owns one and translates wire requests to it.
 */
import { CredentialStore, type IssuedCredentials } from "./caller-identity";
import { demoFleet } from "./demo-fleet";
import { type DrsCallCounts, DrsCallStats } from "./drs/drs-call-stats";
import { ec2StateAt } from "./ec2/instance-state";
import { FaultInjector } from "./fault-injector";
import { FaultList, type FaultSpec, type FleetSpec } from "./fleet-spec";
import { settle } from "./job-progress";
import { jobStatus } from "./recovery-job";
import { iso, type SimClock } from "./sim-clock";
import { World } from "./world";
import { restoreWorld, snapshotWorld, type WorldSnapshot } from "./world-snapshot";

/** A simulation's state as JSON: what a restarted simulator needs to continue where it was. */
export interface SimulationSnapshot {
  format: 1;
  seed: number;
  /** What `advanceTime` added to the wall clock. */
  clockAdvancedMs: number;
  fleet: FleetSpec;
  faults: FaultSpec[];
  credentials: IssuedCredentials[];
  world: WorldSnapshot;
}

/** In-process equivalent of the `/_sim/` control API. */
export interface SimulatorControl {
  /** Fresh state for the current fleet: no jobs, no instances, no faults, issued credentials forgotten. */
  reset(options?: { seed?: number }): void;
  /** Replaces the fleet (and all state); throws on an invalid spec, leaving the old fleet in place. */
  setFleet(spec: FleetSpec): void;
  setFaults(faults: readonly FaultSpec[]): void;
  state(): SimulatorState;
  /** Moves simulated time forward by `realMs` milliseconds of wall time (skip a phase in tests). */
  advanceTime(realMs: number): void;
}

export interface SimulatorState {
  seed: number;
  timeScale: number;
  now: string;
  homeAccountId: string;
  faults: FaultSpec[];
  /** DRS requests answered since start or the last reset, by operation and error type. */
  drsCalls: DrsCallCounts;
  accounts: {
    accountId: string;
    name?: string;
    crossAccountRole?: { roleName: string; requiresExternalId: boolean };
    regions: {
      region: string;
      initialized: boolean;
      sourceServers: number;
      replicationStates: Record<string, number>;
      jobs: { total: number; active: number; byStatus: Record<string, number> };
      serversInActiveJobs: number;
      recoveryInstances: number;
      ec2Instances: Record<string, number>;
    }[];
  }[];
}

/** The simulator's state and its controls; the HTTP layer only translates to and from the wire. */
export class Simulation implements SimulatorControl {
  world: World;
  readonly credentials: CredentialStore;
  readonly faults: FaultInjector;
  readonly drsCalls = new DrsCallStats();
  private fleet: FleetSpec;

  constructor(
    readonly clock: SimClock,
    private seed: number,
    fleet: FleetSpec = demoFleet(),
  ) {
    this.fleet = fleet;
    this.world = new World(fleet, clock, seed);
    this.credentials = new CredentialStore(this.world.homeAccountId);
    this.faults = new FaultInjector(seed);
  }

  /** Rebuilds a simulation from `snapshot()`; the clock continues from wall-clock time. */
  static restore(clock: SimClock, snapshot: SimulationSnapshot): Simulation {
    if (snapshot.clockAdvancedMs > 0) clock.advance(snapshot.clockAdvancedMs);
    const sim = new Simulation(clock, snapshot.seed, snapshot.fleet);
    restoreWorld(sim.world, snapshot.world);
    sim.credentials.load(snapshot.credentials);
    sim.faults.set(snapshot.faults);
    return sim;
  }

  snapshot(): SimulationSnapshot {
    return {
      format: 1,
      seed: this.seed,
      clockAdvancedMs: this.clock.advancedMs,
      fleet: this.fleet,
      faults: this.faults.list(),
      credentials: this.credentials.saved(this.clock.now()),
      world: snapshotWorld(this.world),
    };
  }

  reset(options: { seed?: number } = {}): void {
    if (options.seed !== undefined) this.seed = options.seed;
    this.world = new World(this.fleet, this.clock, this.seed);
    this.credentials.clear();
    this.credentials.setHomeAccount(this.world.homeAccountId);
    this.faults.reset(this.seed);
    this.drsCalls.clear();
  }

  setFleet(spec: FleetSpec): void {
    const world = new World(spec, this.clock, this.seed);
    this.fleet = spec;
    this.world = world;
    this.drsCalls.clear();
    this.credentials.clear();
    this.credentials.setHomeAccount(world.homeAccountId);
  }

  setFaults(faults: readonly FaultSpec[]): void {
    this.faults.set(FaultList.parse(faults));
  }

  advanceTime(realMs: number): void {
    this.clock.advance(realMs);
  }

  state(): SimulatorState {
    const now = this.clock.now();
    return {
      seed: this.seed,
      timeScale: this.clock.timeScale,
      now: iso(now),
      homeAccountId: this.world.homeAccountId,
      faults: this.faults.list(),
      drsCalls: this.drsCalls.snapshot(),
      accounts: [...this.world.accounts.values()].map((account) => ({
        accountId: account.accountId,
        ...(account.name !== undefined && { name: account.name }),
        ...(account.crossAccountRole && {
          crossAccountRole: {
            roleName: account.crossAccountRole.roleName,
            requiresExternalId: account.crossAccountRole.externalId !== undefined,
          },
        }),
        regions: [...account.regions.values()].map((region) => {
          settle(region, now, this.clock);
          const count = (values: Iterable<string>) => {
            const out: Record<string, number> = {};
            for (const v of values) out[v] = (out[v] ?? 0) + 1;
            return out;
          };
          return {
            region: region.region,
            initialized: region.initialized,
            sourceServers: region.servers.size,
            replicationStates: count([...region.servers.values()].map((s) => s.replicationState)),
            jobs: {
              total: region.jobList.length,
              active: region.activeJobs.size,
              byStatus: count(region.jobList.map((j) => jobStatus(j, now))),
            },
            serversInActiveJobs: [...region.activeJobs].reduce((n, j) => n + j.servers.length, 0),
            recoveryInstances: [...region.recoveryInstances.values()].filter(
              (r) => r.terminatedAt === undefined || r.terminatedAt > now,
            ).length,
            ec2Instances: count([...region.instances.values()].map((i) => ec2StateAt(i, now).name)),
          };
        }),
      })),
    };
  }
}
