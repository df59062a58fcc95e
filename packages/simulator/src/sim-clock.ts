/**
 * The simulator's clock. Timestamps in responses are wall-clock time (so an orchestrator's
 * `fromDate` filters and credential expiry work as against AWS); what is sped up are durations:
 * a phase lasting N simulated minutes takes N / timeScale real minutes. `advance` jumps ahead
 * (tests skip a phase without waiting).
 */
export class SimClock {
  private offsetMs = 0;

  constructor(
    readonly timeScale: number,
    private readonly wallClock: () => number = Date.now,
  ) {
    if (!(timeScale > 0)) throw new Error(`timeScale must be > 0, got ${timeScale}`);
  }

  now(): number {
    return this.wallClock() + this.offsetMs;
  }

  /** Real milliseconds that `simMinutes` of simulated DRS work take. */
  durationMs(simMinutes: number): number {
    return (simMinutes * 60_000) / this.timeScale;
  }

  /** How far `advance` has moved the clock ahead of the wall clock (kept across restarts). */
  get advancedMs(): number {
    return this.offsetMs;
  }

  /** Moves the clock forward by `realMs` (as if that much wall time had passed). */
  advance(realMs: number): void {
    if (realMs < 0) throw new Error("the clock only moves forward");
    this.offsetMs += realMs;
  }
}

export const iso = (ms: number): string => new Date(ms).toISOString();
