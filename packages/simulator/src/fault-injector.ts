import { type FaultService, FaultSpec } from "./fleet-spec";
import { SeededRandom } from "./seeded-random";

export type ActiveFault = FaultSpec & { rate: number };

/**
 * Injected failures (`POST /_sim/faults`): each call of a matching operation waits the added
 * latency and then fails with probability `rate`. Rolls come from their own seeded sequence so
 * they do not disturb the fleet's randomness.
 */
export class FaultInjector {
  private faults: FaultSpec[] = [];
  private rng: SeededRandom;

  constructor(seed: number) {
    this.rng = new SeededRandom(seed ^ 0x5eed);
  }

  set(faults: readonly FaultSpec[]): void {
    this.faults = faults.map((f) => FaultSpec.parse(f));
  }

  list(): FaultSpec[] {
    return [...this.faults];
  }

  reset(seed: number): void {
    this.faults = [];
    this.rng = new SeededRandom(seed ^ 0x5eed);
  }

  /** The latency to add and the error (if any) this call suffers. */
  roll(service: FaultService, operation: string): { latencyMs: number; errorType?: string } {
    let latencyMs = 0;
    let errorType: string | undefined;
    for (const fault of this.faults) {
      if (fault.service !== undefined && fault.service !== service) continue;
      if (fault.operation !== "*" && fault.operation !== operation) continue;
      latencyMs = Math.max(latencyMs, fault.latencyMs ?? 0);
      if (errorType === undefined && fault.rate > 0 && this.rng.next() < fault.rate)
        errorType = fault.errorType;
    }
    return errorType === undefined ? { latencyMs } : { latencyMs, errorType };
  }
}
