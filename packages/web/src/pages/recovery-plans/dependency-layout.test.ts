import { effectiveDependencies } from "@drso/core";
import { describe, expect, it } from "vitest";
import { layersOf } from "./dependency-layout";

const wave = (waveNumber: number, dependsOnWaves?: number[]) => ({
  waveNumber,
  protectionGroupIds: [],
  ...(dependsOnWaves ? { dependsOnWaves } : {}),
});

/** Every wave gets a column, and the columns used run 0..n without a gap (the drawing's width). */
const expectGaplessColumns = (layers: Map<number, number>, waves: number) => {
  expect(layers.size).toBe(waves);
  const used = new Set(layers.values());
  expect([...used].sort()).toEqual([...Array(used.size).keys()]);
};

describe("dependency graph layout", () => {
  it("puts each wave one column right of its latest dependency", () => {
    const layers = layersOf(effectiveDependencies([wave(1), wave(2), wave(3, [1]), wave(4, [2, 3])]));
    expect(Object.fromEntries(layers)).toEqual({ 1: 0, 2: 1, 3: 1, 4: 2 });
  });

  it("still places every wave of a plan whose dependencies form a cycle", () => {
    // Wave 1 waits for wave 2, which (by default) waits for wave 1.
    const twoWaves = layersOf(effectiveDependencies([wave(1, [2]), wave(2)]));
    expectGaplessColumns(twoWaves, 2);
    const longer = layersOf(effectiveDependencies([wave(1), wave(2, [4]), wave(3), wave(4), wave(5, [5])]));
    expectGaplessColumns(longer, 5);
  });
});
