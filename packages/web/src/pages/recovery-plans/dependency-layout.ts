/**
 * Longest-path layering: a wave sits one column right of its latest dependency. An edge back to a
 * wave on the current path closes a cycle; it is still drawn but does not place the wave, so a
 * plan with a cycle is laid out in full (columns 0..n without gaps) and its cycle can be seen.
 */
export function layersOf(deps: ReadonlyMap<number, readonly number[]>): Map<number, number> {
  const layer = new Map<number, number>();
  const onPath = new Set<number>();
  const depth = (n: number): number => {
    const known = layer.get(n);
    if (known !== undefined) return known;
    onPath.add(n);
    const before = (deps.get(n) ?? []).filter((x) => deps.has(x) && !onPath.has(x)).map(depth);
    onPath.delete(n);
    const d = Math.max(-1, ...before) + 1;
    layer.set(n, d);
    return d;
  };
  for (const n of [...deps.keys()].sort((a, b) => a - b)) depth(n);
  return layer;
}
