import Box from "@cloudscape-design/components/box";
import { effectiveDependencies, findWaveCycle, type Wave } from "@drso/core";
import { layersOf } from "./dependency-layout";

const NODE_W = 150;
const NODE_H = 44;
const GAP_X = 70;
const GAP_Y = 18;

/** The plan's waves as a left-to-right DAG: columns run in sequence, waves in one column in parallel. */
export function DependencyGraph({ waves, labels }: { waves: Wave[]; labels?: Map<number, string> }) {
  if (waves.length === 0) return null;
  const deps = effectiveDependencies(waves);
  const cycle = findWaveCycle(deps);
  const layer = layersOf(deps);
  const columns = new Map<number, number[]>();
  for (const w of waves) {
    const l = layer.get(w.waveNumber) ?? 0;
    columns.set(l, [...(columns.get(l) ?? []), w.waveNumber]);
  }
  const pos = new Map<number, { x: number; y: number }>();
  for (const [l, nums] of columns) {
    for (const [i, n] of nums.entries()) {
      pos.set(n, { x: 10 + l * (NODE_W + GAP_X), y: 10 + i * (NODE_H + GAP_Y) });
    }
  }
  const width = 20 + (Math.max(...columns.keys()) + 1) * (NODE_W + GAP_X) - GAP_X;
  const height = 20 + Math.max(...[...columns.values()].map((c) => c.length)) * (NODE_H + GAP_Y) - GAP_Y + 30;
  const summary = waves
    .map((w) => {
      const d = deps.get(w.waveNumber) ?? [];
      return `Wave ${w.waveNumber}${d.length ? ` after ${d.map((x) => `wave ${x}`).join(" and ")}` : " starts first"}`;
    })
    .join("; ");
  return (
    <div>
      {cycle && <Box color="text-status-error">Dependencies form a cycle: {cycle.join(" → ")}</Box>}
      <svg
        role="img"
        aria-label={`Wave dependency graph. ${summary}.`}
        width={width}
        height={height}
        style={{ maxWidth: "100%" }}
        data-testid="dependency-graph"
      >
        <defs>
          <marker
            id="arrow"
            viewBox="0 0 10 10"
            refX="10"
            refY="5"
            markerWidth="8"
            markerHeight="8"
            orient="auto"
          >
            <path d="M0,0 L10,5 L0,10 z" fill="#5f6b7a" />
          </marker>
        </defs>
        {waves.flatMap((w) =>
          (deps.get(w.waveNumber) ?? []).map((d) => {
            const from = pos.get(d);
            const to = pos.get(w.waveNumber);
            if (!from || !to) return null;
            const x1 = from.x + NODE_W;
            const y1 = from.y + NODE_H / 2;
            const x2 = to.x;
            const y2 = to.y + NODE_H / 2;
            // An edge that skips a column bends below the row so it is not hidden behind a node.
            const skips = (layer.get(w.waveNumber) ?? 0) - (layer.get(d) ?? 0) > 1;
            const bend = Math.max(y1, y2) + NODE_H / 2 + GAP_Y / 2;
            const path = skips
              ? `M${x1 - NODE_W / 2},${from.y + NODE_H} C${x1 - NODE_W / 2},${bend + 10} ${x2 + NODE_W / 2},${bend + 10} ${x2 + NODE_W / 2},${to.y + NODE_H}`
              : `M${x1},${y1} L${x2},${y2}`;
            return (
              <path
                key={`${d}-${w.waveNumber}`}
                d={path}
                fill="none"
                stroke="#5f6b7a"
                strokeWidth={1.5}
                markerEnd="url(#arrow)"
              />
            );
          }),
        )}
        {waves.map((w) => {
          const p = pos.get(w.waveNumber)!;
          const label = labels?.get(w.waveNumber) ?? w.waveName ?? `Wave ${w.waveNumber}`;
          return (
            <g key={w.waveNumber} data-wave={w.waveNumber}>
              <rect
                x={p.x}
                y={p.y}
                width={NODE_W}
                height={NODE_H}
                rx={8}
                fill={cycle?.includes(w.waveNumber) ? "#fff7f7" : "#f2f8fd"}
                stroke={cycle?.includes(w.waveNumber) ? "#d91515" : "#0972d3"}
              />
              <text x={p.x + 10} y={p.y + 18} fontSize={13} fontWeight={700} fill="#000716">
                {`${w.waveNumber}. ${label}`.slice(0, 20)}
              </text>
              <text x={p.x + 10} y={p.y + 35} fontSize={11} fill="#414d5c">
                {w.pauseBeforeWave ? "pause before" : `${w.protectionGroupIds.length} group(s)`}
              </text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}
