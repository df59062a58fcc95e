import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ValidationError } from "./errors";
import {
  effectiveDependencies,
  findWaveCycle,
  topologicalWaveOrder,
  validatePlanWaves,
} from "./plan-validation";

const G = "7f0c9d4e-3b1a-4c2d-9e8f-0a1b2c3d4e5f";
const known = (id: string) => id === G;
const wave = (waveNumber: number, dependsOnWaves?: number[]) => ({
  waveNumber,
  protectionGroupIds: [G],
  ...(dependsOnWaves ? { dependsOnWaves } : {}),
});

const rejection = (fn: () => void): ValidationError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error("expected a ValidationError");
};

describe("plan validation", () => {
  it("accepts a sequential plan and makes each wave wait for the previous one by default", () => {
    const waves = [wave(1), wave(2), wave(3)];
    expect(() => validatePlanWaves(waves, known)).not.toThrow();
    expect(Object.fromEntries(effectiveDependencies(waves))).toEqual({ 1: [], 2: [1], 3: [2] });
  });

  it("accepts a diamond: 2 and 3 depend on 1, 4 on 2 and 3", () => {
    const waves = [wave(1), wave(2, [1]), wave(3, [1]), wave(4, [2, 3])];
    expect(() => validatePlanWaves(waves, known)).not.toThrow();
    const order = topologicalWaveOrder(waves);
    expect(order.indexOf(1)).toBeLessThan(order.indexOf(2));
    expect(order.indexOf(3)).toBeLessThan(order.indexOf(4));
  });

  it("treats an explicit empty dependsOnWaves as a wave that may start at once", () => {
    expect(effectiveDependencies([wave(1), wave(2, [])]).get(2)).toEqual([]);
  });

  it("refuses a plan whose waves form a cycle, naming the waves of the cycle", () => {
    const error = rejection(() => validatePlanWaves([wave(1), wave(2, [3]), wave(3, [2])], known));
    expect(error.code).toBe("WAVE_CYCLE");
    expect(error.details).toEqual({ cycle: [2, 3, 2] });
    expect(error.message).toContain("2 → 3 → 2");
  });

  it("refuses duplicate wave numbers, self-dependencies and dependencies on missing waves", () => {
    expect(rejection(() => validatePlanWaves([wave(1), wave(1)], known)).code).toBe("DUPLICATE_WAVE_NUMBER");
    expect(rejection(() => validatePlanWaves([wave(1, [1])], known)).code).toBe("WAVE_SELF_DEPENDENCY");
    expect(rejection(() => validatePlanWaves([wave(1), wave(2, [7])], known)).code).toBe(
      "UNKNOWN_WAVE_DEPENDENCY",
    );
  });

  it("refuses a wave that references a protection group that does not exist, naming it", () => {
    const missing = "00000000-0000-4000-8000-000000000000";
    const error = rejection(() =>
      validatePlanWaves([{ waveNumber: 1, protectionGroupIds: [G, missing] }], known),
    );
    expect(error.code).toBe("UNKNOWN_PROTECTION_GROUP");
    expect(error.details).toEqual({ protectionGroupIds: [missing] });
  });
});

/** Random DAGs: each wave may depend only on lower-numbered waves, so no cycle is possible. */
const dagArbitrary = fc
  .integer({ min: 1, max: 25 })
  .chain((n) =>
    fc.tuple(
      ...Array.from({ length: n }, (_, i) =>
        fc.option(fc.subarray(Array.from({ length: i }, (_, j) => j + 1)), { nil: undefined }),
      ),
    ),
  );

describe("plan validation properties", () => {
  it("accepts every acyclic plan, and orders every wave after all its dependencies", () => {
    fc.assert(
      fc.property(dagArbitrary, (depsList) => {
        const waves = depsList.map((deps, i) => wave(i + 1, deps));
        validatePlanWaves(waves, known);
        const order = topologicalWaveOrder(waves);
        expect([...order].sort((a, b) => a - b)).toEqual(waves.map((w) => w.waveNumber));
        for (const [w, deps] of effectiveDependencies(waves)) {
          for (const d of deps) expect(order.indexOf(d)).toBeLessThan(order.indexOf(w));
        }
      }),
    );
  });

  it("refuses every plan with a back edge, and the named cycle is a real cycle of the plan", () => {
    fc.assert(
      fc.property(
        dagArbitrary.filter((d) => d.length >= 2),
        fc.nat(),
        fc.nat(),
        (depsList, a, b) => {
          const waves = depsList.map((deps, i) => wave(i + 1, deps ?? (i === 0 ? [] : [i])));
          // Make a path low → … → high exist, then add high as a dependency of low: a cycle.
          const low = (a % (waves.length - 1)) + 1;
          const high = low + 1 + (b % (waves.length - low));
          for (let n = low + 1; n <= high; n++) {
            const w = waves[n - 1]!;
            w.dependsOnWaves = [...new Set([...(w.dependsOnWaves ?? []), n - 1])];
          }
          const lowWave = waves[low - 1]!;
          lowWave.dependsOnWaves = [...(lowWave.dependsOnWaves ?? []), high];

          const error = rejection(() => validatePlanWaves(waves, known));
          expect(error.code).toBe("WAVE_CYCLE");
          const cycle = (error.details as { cycle: number[] }).cycle;
          expect(cycle[0]).toBe(cycle[cycle.length - 1]);
          const deps = effectiveDependencies(waves);
          for (let i = 0; i + 1 < cycle.length; i++) {
            expect(deps.get(cycle[i]!)).toContain(cycle[i + 1]);
          }
        },
      ),
    );
  });

  it("finds no cycle in any graph whose edges all point to lower numbers", () => {
    fc.assert(
      fc.property(dagArbitrary, (depsList) => {
        const deps = new Map(depsList.map((d, i) => [i + 1, d ?? []] as const));
        expect(findWaveCycle(deps)).toBeUndefined();
      }),
    );
  });
});
