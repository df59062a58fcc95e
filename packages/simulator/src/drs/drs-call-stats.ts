/**
 * Counts the DRS requests the simulator answered, by operation and by error type, so tests and
 * benchmarks can check from the service's side what a client did (e.g. "zero quota errors")
 * without instrumenting the client. Read through `GET /_sim/state` (`drsCalls`).
 */
export interface DrsCallCounts {
  total: number;
  byOperation: Record<string, number>;
  errors: Record<string, number>;
}

export class DrsCallStats {
  private counts: DrsCallCounts = { total: 0, byOperation: {}, errors: {} };

  record(operation: string, errorType?: string): void {
    this.counts.total++;
    this.counts.byOperation[operation] = (this.counts.byOperation[operation] ?? 0) + 1;
    if (errorType !== undefined) this.counts.errors[errorType] = (this.counts.errors[errorType] ?? 0) + 1;
  }

  snapshot(): DrsCallCounts {
    return structuredClone(this.counts);
  }

  clear(): void {
    this.counts = { total: 0, byOperation: {}, errors: {} };
  }
}
