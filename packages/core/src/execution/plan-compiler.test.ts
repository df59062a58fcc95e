import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_DRS_QUOTAS } from "../quotas";
import { compilePlan, splitIntoBatches } from "./plan-compiler";
import { fleet, groupId, HOME, TARGET } from "./testing/execution-specification";

const wave = (waveNumber: number, groups: number[], dependsOnWaves?: number[]) => ({
  waveNumber,
  protectionGroupIds: groups.map(groupId),
  pauseBeforeWave: false,
  onFailure: "STOP" as const,
  ...(dependsOnWaves ? { dependsOnWaves } : {}),
});

describe("plan compiler", () => {
  it("launches a wave of 250 servers as 3 jobs of at most 100", () => {
    const plan = { waves: [wave(1, [1])] };
    const compiled = compilePlan(plan, new Map([[groupId(1), fleet(250)]]), DEFAULT_DRS_QUOTAS);
    expect(compiled.waves[0]?.batches.map((b) => b.serverIds.length)).toEqual([100, 100, 50]);
  });

  it("never mixes account-regions in one StartRecovery", () => {
    const servers = [
      ...fleet(3, 0, HOME, "us-east-1"),
      ...fleet(2, 10, TARGET, "us-east-1"),
      ...fleet(1, 20, HOME, "us-west-2"),
    ];
    const compiled = compilePlan(
      { waves: [wave(1, [1])] },
      new Map([[groupId(1), servers]]),
      DEFAULT_DRS_QUOTAS,
    );
    const batches = compiled.waves[0]?.batches ?? [];
    expect(batches.map((b) => [b.accountId, b.region, b.serverIds.length])).toEqual([
      [HOME, "us-east-1", 3],
      [HOME, "us-west-2", 1],
      [TARGET, "us-east-1", 2],
    ]);
  });

  it("gives batches stable ids, so a restarted runner recognises its launch intents", () => {
    const groups = new Map([[groupId(1), fleet(150)]]);
    const a = compilePlan({ waves: [wave(1, [1])] }, groups, DEFAULT_DRS_QUOTAS);
    const b = compilePlan(
      { waves: [wave(1, [1])] },
      new Map([[groupId(1), [...fleet(150)].reverse()]]),
      DEFAULT_DRS_QUOTAS,
    );
    expect(a).toEqual(b);
    expect(a.waves[0]?.batches.map((x) => x.batchId)).toEqual([
      "w1-a1-111111111111-us-east-1-1",
      "w1-a1-111111111111-us-east-1-2",
    ]);
  });

  it("uses the configured servers-per-job quota, not a literal", () => {
    const batches = splitIntoBatches(1, 1, fleet(25), { ...DEFAULT_DRS_QUOTAS, maxServersPerJob: 10 });
    expect(batches.map((b) => b.serverIds.length)).toEqual([10, 10, 5]);
  });

  it("recovers a server listed by two waves once, in the earlier wave", () => {
    const groups = new Map([
      [groupId(1), fleet(2)],
      [groupId(2), fleet(3)],
    ]);
    const compiled = compilePlan({ waves: [wave(1, [1]), wave(2, [2])] }, groups, DEFAULT_DRS_QUOTAS);
    expect(compiled.waves.map((w) => w.servers.length)).toEqual([2, 1]);
  });

  it("orders waves so that each follows its dependencies, with sequential defaults", () => {
    const groups = new Map([[groupId(1), fleet(1)]]);
    const compiled = compilePlan(
      { waves: [wave(3, [1], [1, 2]), wave(1, [1]), wave(2, [1], [1])] },
      groups,
      DEFAULT_DRS_QUOTAS,
    );
    expect(compiled.waves.map((w) => [w.waveNumber, w.dependsOnWaves])).toEqual([
      [1, []],
      [2, [1]],
      [3, [1, 2]],
    ]);
  });

  it("property: every server lands in exactly one batch, batches respect the job size limit", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 700 }), fc.integer({ min: 1, max: 200 }), (count, perJob) => {
        const quotas = { ...DEFAULT_DRS_QUOTAS, maxServersPerJob: perJob };
        const servers = [...fleet(count, 0, HOME), ...fleet(count % 37, 5000, TARGET, "us-west-2")];
        const batches = splitIntoBatches(1, 1, servers, quotas);
        const ids = batches.flatMap((b) => b.serverIds);
        expect(new Set(ids).size).toBe(servers.length);
        expect(ids.length).toBe(servers.length);
        for (const b of batches) expect(b.serverIds.length).toBeLessThanOrEqual(perJob);
        expect(new Set(batches.map((b) => b.batchId)).size).toBe(batches.length);
      }),
    );
  });
});
