import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chunk } from "../src/chunk";

describe("chunk (AWS list-filter limits)", () => {
  it("keeps every item once, in order, in slices no longer than the limit", () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.integer({ min: 1, max: 50 }), (items, size) => {
        const slices = chunk(items, size);
        expect(slices.flat()).toEqual(items);
        expect(slices.every((s) => s.length >= 1 && s.length <= size)).toBe(true);
        expect(slices.length).toBe(Math.ceil(items.length / size));
      }),
    );
  });

  it("refuses a size that is not a positive integer", () => {
    expect(() => chunk([1], 0)).toThrow(RangeError);
  });
});
