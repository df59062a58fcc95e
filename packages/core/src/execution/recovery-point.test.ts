import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type RecoverySnapshotRecord, selectRecoverySnapshot } from "./recovery-point";

const snap = (snapshotId: string, takenAt: string): RecoverySnapshotRecord => ({
  snapshotId,
  serverId: "s-1",
  takenAt,
});

const BASE = Date.parse("2026-11-20T00:00:00.000Z");
const snapshotList = fc.uniqueArray(
  fc.record({ id: fc.stringMatching(/^pit-[0-9a-f]{4,8}$/), offset: fc.integer({ min: 0, max: 10_000 }) }),
  { selector: (x) => x.id, maxLength: 30 },
);

describe("selectRecoverySnapshot", () => {
  it("picks the newest snapshot taken at or before the point in time", () => {
    const list = [
      snap("pit-a", "2026-11-20T10:00:00.000Z"),
      snap("pit-b", "2026-11-20T11:00:00.000Z"),
      snap("pit-c", "2026-11-20T12:00:00.000Z"),
    ];
    expect(selectRecoverySnapshot(list, new Date("2026-11-20T11:30:00.000Z"))?.snapshotId).toBe("pit-b");
    expect(selectRecoverySnapshot(list, new Date("2026-11-20T11:00:00.000Z"))?.snapshotId).toBe("pit-b");
    expect(selectRecoverySnapshot(list, new Date("2026-11-21T00:00:00.000Z"))?.snapshotId).toBe("pit-c");
  });

  it("finds nothing when every snapshot is younger than the point in time", () => {
    const list = [snap("pit-a", "2026-11-20T10:00:00.000Z")];
    expect(selectRecoverySnapshot(list, new Date("2026-11-20T09:59:59.999Z"))).toBeUndefined();
    expect(selectRecoverySnapshot([], new Date())).toBeUndefined();
  });

  it("never picks a snapshot after the point in time, and none newer than it qualifies (property)", () => {
    fc.assert(
      fc.property(snapshotList, fc.integer({ min: -100, max: 10_100 }), (items, cut) => {
        const list = items.map((x) => snap(x.id, new Date(BASE + x.offset * 1000).toISOString()));
        const pit = new Date(BASE + cut * 1000);
        const chosen = selectRecoverySnapshot(list, pit);
        const eligible = list.filter((s) => Date.parse(s.takenAt) <= pit.getTime());
        if (eligible.length === 0) {
          expect(chosen).toBeUndefined();
          return;
        }
        expect(chosen).toBeDefined();
        const at = Date.parse(chosen?.takenAt ?? "");
        expect(at).toBeLessThanOrEqual(pit.getTime());
        for (const s of eligible) expect(Date.parse(s.takenAt)).toBeLessThanOrEqual(at);
      }),
    );
  });

  it("chooses the same snapshot whatever order DRS lists them in (property)", () => {
    fc.assert(
      fc.property(snapshotList, fc.integer({ min: 0, max: 60 }), (items, cut) => {
        // Few distinct times, so equal times are common and the tie rule is exercised.
        const list = items.map((x) => snap(x.id, new Date(BASE + (x.offset % 50) * 1000).toISOString()));
        const pit = new Date(BASE + cut * 1000);
        const byId = [...list].sort((a, b) => a.snapshotId.localeCompare(b.snapshotId));
        const chosen = selectRecoverySnapshot(list, pit);
        expect(selectRecoverySnapshot([...list].reverse(), pit)).toEqual(chosen);
        expect(selectRecoverySnapshot(byId, pit)).toEqual(chosen);
      }),
    );
  });
});
