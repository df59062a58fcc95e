import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { SimClock } from "./sim-clock";
import { Simulation, type SimulationSnapshot } from "./simulation";

/**
 * Where a simulator keeps its state between runs (`drso serve` puts it in the data dir), so that a
 * restarted demo finds its jobs, recovery instances and source servers as it left them. Written
 * whole after every request that may change state (see `mayChangeState`) and at close: replacing
 * the file by rename means a crash leaves the previous or the new state, never half of one.
 */
export class SimulationStateFile {
  constructor(
    readonly file: string,
    private readonly warn: (line: string) => void = (line) => console.error(`[drso-sim] ${line}`),
  ) {}

  /** The saved simulation, or a new one (first start, or a state file that cannot be read). */
  open(clock: SimClock, fresh: () => Simulation): Simulation {
    if (!existsSync(this.file)) return fresh();
    try {
      const snapshot = JSON.parse(readFileSync(this.file, "utf8")) as SimulationSnapshot;
      if (snapshot.format !== 1) throw new Error(`unknown format ${String(snapshot.format)}`);
      return Simulation.restore(clock, snapshot);
    } catch (e) {
      const aside = `${this.file}.unreadable-${Date.now()}`;
      renameSync(this.file, aside);
      this.warn(
        `cannot continue from ${this.file} (${e instanceof Error ? e.message : String(e)}); moved it to ${aside} and started a fresh fleet`,
      );
      return fresh();
    }
  }

  save(sim: Simulation): void {
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    const staged = `${this.file}.tmp`;
    writeFileSync(staged, JSON.stringify(sim.snapshot()), { mode: 0o600 });
    chmodSync(staged, 0o600);
    renameSync(staged, this.file);
  }
}

/** Reads (Describe*, List*, Get*) change nothing worth keeping: job progress is derived from time. */
export const mayChangeState = (operation: string | undefined): boolean =>
  operation === undefined || !/^(Describe|List|Get)/.test(operation);
