/** Figures the benchmark prints. */
export interface RunnerStats {
  ticks: number;
  drsCalls: number;
  ec2Calls: number;
  launches: number;
  quotaErrors: number;
}

/**
 * Counts what the runner does. `figures.drsCalls` is settled at the end of each tick: the runner's
 * own DRS calls plus those of the capacity reads.
 */
export class RunnerCounters {
  readonly figures: RunnerStats = { ticks: 0, drsCalls: 0, ec2Calls: 0, launches: 0, quotaErrors: 0 };
  private ownDrsCalls = 0;

  tick(): void {
    this.figures.ticks += 1;
  }

  drsCalls(n = 1): void {
    this.ownDrsCalls += n;
  }

  ec2Calls(n: number): void {
    this.figures.ec2Calls += n;
  }

  launch(): void {
    this.figures.launches += 1;
  }

  quotaError(): void {
    this.figures.quotaErrors += 1;
  }

  settle(capacityCalls: number): void {
    this.figures.drsCalls = capacityCalls + this.ownDrsCalls;
  }
}
