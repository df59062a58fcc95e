import type { Wave } from "@drso/core";

/**
 * A wave as the editor holds it. Waves are numbered by position, so dependencies point at a stable
 * `key` and are turned into wave numbers only when saving: reordering keeps the arrows right.
 */
export interface WaveDraft {
  key: string;
  waveName: string;
  protectionGroupIds: string[];
  /** undefined: the previous wave (the API default); []: starts at once; else the keys depended on. */
  dependsOn: string[] | undefined;
  pauseBeforeWave: boolean;
  onFailure: "STOP" | "CONTINUE";
}

let next = 0;
export const newWaveKey = (): string => `w${++next}`;

export const emptyWave = (n: number): WaveDraft => ({
  key: newWaveKey(),
  waveName: `Wave ${n}`,
  protectionGroupIds: [],
  dependsOn: undefined,
  pauseBeforeWave: false,
  onFailure: "STOP",
});

export const fromWaves = (waves: readonly Wave[]): WaveDraft[] => {
  const sorted = [...waves].sort((a, b) => a.waveNumber - b.waveNumber);
  const keys = new Map(sorted.map((w) => [w.waveNumber, newWaveKey()]));
  return sorted.map((w) => ({
    key: keys.get(w.waveNumber)!,
    waveName: w.waveName ?? "",
    protectionGroupIds: [...w.protectionGroupIds],
    dependsOn: w.dependsOnWaves?.map((n) => keys.get(n) ?? `missing-${n}`),
    pauseBeforeWave: w.pauseBeforeWave ?? false,
    onFailure: w.onFailure ?? "STOP",
  }));
};

export const toWaves = (drafts: readonly WaveDraft[]): Wave[] => {
  const numberOf = new Map(drafts.map((d, i) => [d.key, i + 1]));
  return drafts.map((d, i) => ({
    waveNumber: i + 1,
    ...(d.waveName.trim() ? { waveName: d.waveName.trim() } : {}),
    protectionGroupIds: d.protectionGroupIds,
    ...(d.dependsOn === undefined
      ? {}
      : {
          dependsOnWaves: d.dependsOn.map((k) => numberOf.get(k)).filter((n): n is number => n !== undefined),
        }),
    pauseBeforeWave: d.pauseBeforeWave,
    onFailure: d.onFailure,
  }));
};

/** Moves wave `from` to `to`; a dependency on a wave that now comes later would be a cycle risk, so it stays explicit. */
export const moveWave = (drafts: readonly WaveDraft[], from: number, to: number): WaveDraft[] => {
  const out = [...drafts];
  const [w] = out.splice(from, 1);
  if (w) out.splice(to, 0, w);
  return out;
};
