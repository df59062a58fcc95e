import { ValidationError } from "./errors";
import type { Wave } from "./recovery-plan";

type WaveRef = Pick<Wave, "waveNumber" | "dependsOnWaves" | "protectionGroupIds">;

/**
 * Dependencies as the engine runs them: a wave that omits `dependsOnWaves` waits for the
 * previous wave by number (sequential by default); `[]` means it waits for nothing.
 */
export function effectiveDependencies(waves: readonly WaveRef[]): Map<number, number[]> {
  const sorted = [...waves].sort((a, b) => a.waveNumber - b.waveNumber);
  const deps = new Map<number, number[]>();
  sorted.forEach((w, i) => {
    const previous = sorted[i - 1];
    deps.set(w.waveNumber, w.dependsOnWaves ?? (previous ? [previous.waveNumber] : []));
  });
  return deps;
}

/** Returns one dependency cycle as wave numbers, first repeated at the end ([2, 3, 2]), or undefined. */
export function findWaveCycle(deps: ReadonlyMap<number, readonly number[]>): number[] | undefined {
  const state = new Map<number, "visiting" | "done">();
  const stack: number[] = [];
  const visit = (n: number): number[] | undefined => {
    state.set(n, "visiting");
    stack.push(n);
    for (const d of deps.get(n) ?? []) {
      if (state.get(d) === "visiting") return [...stack.slice(stack.indexOf(d)), d];
      if (!state.has(d) && deps.has(d)) {
        const cycle = visit(d);
        if (cycle) return cycle;
      }
    }
    stack.pop();
    state.set(n, "done");
    return undefined;
  };
  for (const n of [...deps.keys()].sort((a, b) => a - b)) {
    if (!state.has(n)) {
      const cycle = visit(n);
      if (cycle) return cycle;
    }
  }
  return undefined;
}

/**
 * The plan rules that need more than one field: unique wave numbers, known
 * dependencies, no self-reference, no cycle, every protection group exists.
 * Throws a ValidationError whose `code` names the rule and whose details name the waves.
 */
export function validatePlanWaves(
  waves: readonly WaveRef[],
  groupExists: (groupId: string) => boolean,
): void {
  const seen = new Set<number>();
  const duplicates = new Set<number>();
  for (const w of waves) (seen.has(w.waveNumber) ? duplicates : seen).add(w.waveNumber);
  if (duplicates.size > 0) {
    const list = [...duplicates].sort((a, b) => a - b);
    throw new ValidationError(
      `Wave numbers must be unique; repeated: ${list.join(", ")}`,
      { waves: list },
      "DUPLICATE_WAVE_NUMBER",
    );
  }
  for (const w of waves) {
    for (const d of w.dependsOnWaves ?? []) {
      if (d === w.waveNumber) {
        throw new ValidationError(`Wave ${d} cannot depend on itself`, { wave: d }, "WAVE_SELF_DEPENDENCY");
      }
      if (!seen.has(d)) {
        throw new ValidationError(
          `Wave ${w.waveNumber} depends on wave ${d}, which is not in the plan`,
          { wave: w.waveNumber, dependsOn: d },
          "UNKNOWN_WAVE_DEPENDENCY",
        );
      }
    }
  }
  const cycle = findWaveCycle(effectiveDependencies(waves));
  if (cycle) {
    throw new ValidationError(
      `Wave dependencies form a cycle: ${cycle.join(" → ")}`,
      { cycle },
      "WAVE_CYCLE",
    );
  }
  const unknown = [...new Set(waves.flatMap((w) => w.protectionGroupIds))].filter((id) => !groupExists(id));
  if (unknown.length > 0) {
    throw new ValidationError(
      `Unknown protection group${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}`,
      { protectionGroupIds: unknown },
      "UNKNOWN_PROTECTION_GROUP",
    );
  }
}

/** Waves in an order where every wave comes after its dependencies (plan must be valid). */
export function topologicalWaveOrder(waves: readonly WaveRef[]): number[] {
  const deps = effectiveDependencies(waves);
  const order: number[] = [];
  const done = new Set<number>();
  const visit = (n: number) => {
    if (done.has(n)) return;
    done.add(n);
    for (const d of deps.get(n) ?? []) visit(d);
    order.push(n);
  };
  for (const n of [...deps.keys()].sort((a, b) => a - b)) visit(n);
  return order;
}
