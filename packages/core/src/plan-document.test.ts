import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type DocumentProtectionGroup,
  type DocumentRecoveryPlan,
  documentFromRecords,
  type PlanChange,
  PlanDocument,
  type PlanDocumentState,
  planChanges,
  planDocumentJsonSchema,
  recoveryPlanInputFromDocument,
} from "./plan-document";
import type { ProtectionGroup } from "./protection-group";
import type { RecoveryPlan } from "./recovery-plan";

const db: DocumentProtectionGroup = {
  groupName: "Database",
  accountId: "111111111111",
  region: "us-east-1",
  tagCriteria: { Application: "shop", Tier: "database" },
};
const web: DocumentProtectionGroup = {
  groupName: "Web",
  description: "front end",
  accountId: "222222222222",
  region: "us-west-2",
  serverIds: ["s-0000000000000000b", "s-0000000000000000a"],
};
const plan: DocumentRecoveryPlan = {
  planName: "Shop",
  rtoTargetMinutes: 60,
  waves: [
    { waveNumber: 1, protectionGroups: ["Database"], pauseBeforeWave: false, onFailure: "STOP" },
    { waveNumber: 2, protectionGroups: ["web"], pauseBeforeWave: true, onFailure: "CONTINUE" },
  ],
};
const doc = { apiVersion: "drso/v1", protectionGroups: [db, web], recoveryPlans: [plan] };

const issuesOf = (input: unknown) => {
  const r = PlanDocument.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
};

describe("plan document schema", () => {
  it("accepts groups by servers or tags and plans whose waves refer to groups by name", () => {
    expect(issuesOf(doc)).toEqual([]);
    const parsed = PlanDocument.parse({ apiVersion: "drso/v1", protectionGroups: [db] });
    expect(parsed.recoveryPlans).toEqual([]);
  });

  it("names the wave reference that points to an undeclared group", () => {
    const bad = {
      ...doc,
      recoveryPlans: [{ ...plan, waves: [{ waveNumber: 1, protectionGroups: ["Databse"] }] }],
    };
    expect(issuesOf(bad)).toEqual([
      {
        path: "recoveryPlans.0.waves.0.protectionGroups.0",
        message: "unknown protection group 'Databse': declare it under protectionGroups",
      },
    ]);
  });

  it("refuses names that differ only in case, unknown fields and a wrong apiVersion", () => {
    expect(issuesOf({ ...doc, protectionGroups: [db, web, { ...web, groupName: "WEB" }] })).toEqual([
      expect.objectContaining({ path: "protectionGroups.2.groupName" }),
    ]);
    expect(issuesOf({ ...doc, protectionGroups: [{ ...db, colour: "red" }, web] })[0]?.path).toBe(
      "protectionGroups.0",
    );
    expect(issuesOf({ ...doc, apiVersion: "v2" })[0]?.path).toBe("apiVersion");
  });

  it("points a wave cycle at the wave that starts it", () => {
    const cyclic = {
      ...doc,
      recoveryPlans: [
        {
          planName: "Loop",
          waves: [
            { waveNumber: 1, protectionGroups: ["Database"], dependsOnWaves: [] },
            { waveNumber: 2, protectionGroups: ["Web"], dependsOnWaves: [3] },
            { waveNumber: 3, protectionGroups: ["Web"], dependsOnWaves: [2] },
          ],
        },
      ],
    };
    expect(issuesOf(cyclic)).toEqual([
      { path: "recoveryPlans.0.waves.1", message: "Wave dependencies form a cycle: 2 → 3 → 2" },
    ]);
  });

  it("publishes a JSON Schema in which wave defaults are optional", () => {
    const schema = planDocumentJsonSchema() as {
      required: string[];
      properties: Record<string, unknown>;
    };
    expect(schema.required).toEqual(["apiVersion"]);
    expect(Object.keys(schema.properties)).toEqual(["apiVersion", "protectionGroups", "recoveryPlans"]);
    expect(JSON.stringify(schema)).toContain('"protectionGroups"');
  });
});

describe("records ↔ document", () => {
  const audit = {
    version: 1,
    createdDate: "2026-01-01T00:00:00.000Z",
    lastModifiedDate: "2026-01-01T00:00:00.000Z",
    createdBy: "admin",
    lastModifiedBy: "admin",
  };
  const dbId = "7f0c9d4e-3b1a-4c2d-9e8f-0a1b2c3d4e5f";
  const webId = "8f0c9d4e-3b1a-4c2d-9e8f-0a1b2c3d4e5f";
  const groups: ProtectionGroup[] = [
    { ...db, groupId: dbId, serverCount: 3, ...audit },
    { ...web, groupId: webId, serverCount: 2, ...audit },
  ];
  const idOf = (name: string) =>
    groups.find((g) => g.groupName.toLowerCase() === name.toLowerCase())?.groupId;

  it("exports installed records as a document that applies with no changes", () => {
    const input = recoveryPlanInputFromDocument(plan, idOf);
    expect(input.waves.map((w) => w.protectionGroupIds)).toEqual([[dbId], [webId]]);
    const records: RecoveryPlan[] = [{ ...input, planId: "9f0c9d4e-3b1a-4c2d-9e8f-0a1b2c3d4e5f", ...audit }];
    const exported = documentFromRecords(groups, records);
    expect(PlanDocument.safeParse(exported).success).toBe(true);
    expect(planChanges(PlanDocument.parse(doc), exported, { prune: true })).toEqual([]);
  });
});

describe("planChanges", () => {
  const state = (groups: DocumentProtectionGroup[], plans: DocumentRecoveryPlan[] = []) => ({
    protectionGroups: groups,
    recoveryPlans: plans,
  });
  const summary = (changes: PlanChange[]) => changes.map((c) => `${c.action} ${c.kind} ${c.name}`);

  it("creates groups before the plans that use them, and deletes plans before groups only with prune", () => {
    const current = state([{ ...db, groupName: "Old" }], [{ ...plan, planName: "Legacy" }]);
    expect(summary(planChanges(state([db, web], [plan]), current))).toEqual([
      "create protectionGroup Database",
      "create protectionGroup Web",
      "create recoveryPlan Shop",
    ]);
    expect(summary(planChanges(state([db, web], [plan]), current, { prune: true }))).toEqual([
      "create protectionGroup Database",
      "create protectionGroup Web",
      "create recoveryPlan Shop",
      "delete recoveryPlan Legacy",
      "delete protectionGroup Old",
    ]);
  });

  it("updates only the fields that differ, ignoring list order, name case in references and defaults", () => {
    const reordered = { ...web, serverIds: ["s-0000000000000000a", "s-0000000000000000b"], description: "" };
    const sameDescription = { ...reordered, description: "front end" };
    const planSpelledDifferently: DocumentRecoveryPlan = {
      ...plan,
      waves: [...plan.waves]
        .reverse()
        .map((w) => ({ ...w, protectionGroups: w.protectionGroups.map((n) => n.toUpperCase()) })),
    };
    expect(
      planChanges(state([db, web], [plan]), state([db, sameDescription], [planSpelledDifferently])),
    ).toEqual([]);
    const changes = planChanges(
      state([db, web], [plan]),
      state([db, reordered], [{ ...plan, rtoTargetMinutes: 30 }]),
    );
    expect(changes.map((c) => (c.action === "update" ? [c.name, c.fields] : c.action))).toEqual([
      ["Web", ["description"]],
      ["Shop", ["rtoTargetMinutes"]],
    ]);
  });

  it("matches names case-insensitively and renames to the document's spelling", () => {
    const changes = planChanges(state([db]), state([{ ...db, groupName: "DATABASE" }]));
    expect(changes).toEqual([
      expect.objectContaining({ action: "update", name: "Database", fields: ["groupName"] }),
    ]);
  });
});

// ---- properties ----------------------------------------------------------------------------

const hex17 = fc.integer({ min: 0, max: 40 }).map((n) => `s-${n.toString(16).padStart(17, "0")}`);
const groupNames = ["Database", "App", "Web", "Cache", "Queue", "Batch"];
const spelled = (name: string) => fc.constantFrom(name, name.toLowerCase(), name.toUpperCase());

const groupArb = (name: string) =>
  fc
    .record({
      groupName: spelled(name),
      description: fc.option(fc.constantFrom("", "tier one", "critical"), { nil: undefined }),
      accountId: fc.constantFrom("111111111111", "222222222222"),
      region: fc.constantFrom("us-east-1", "us-west-2"),
      selector: fc.oneof(
        fc.uniqueArray(hex17, { minLength: 1, maxLength: 4 }).map((serverIds) => ({ serverIds })),
        fc
          .dictionary(
            fc.constantFrom("Tier", "Application", "Environment"),
            fc.constantFrom("web", "db", "prod"),
            {
              minKeys: 1,
            },
          )
          .map((tagCriteria) => ({ tagCriteria })),
      ),
    })
    .map(
      ({ selector, description, ...g }): DocumentProtectionGroup => ({
        ...g,
        ...(description === undefined ? {} : { description }),
        ...selector,
      }),
    );

const waveArb = (waveNumber: number) =>
  fc
    .record({
      waveNumber: fc.constant(waveNumber),
      protectionGroups: fc.subarray(groupNames, { minLength: 1 }),
      pauseBeforeWave: fc.boolean(),
      onFailure: fc.constantFrom("STOP" as const, "CONTINUE" as const),
      dependsOnWaves: fc.option(fc.constant([] as number[]), { nil: undefined }),
    })
    .map(({ dependsOnWaves, ...w }) => (dependsOnWaves === undefined ? w : { ...w, dependsOnWaves }));

const planArb = (name: string) =>
  fc
    .record({
      planName: spelled(name),
      rtoTargetMinutes: fc.option(fc.integer({ min: 1, max: 240 }), { nil: undefined }),
      waveCount: fc.integer({ min: 1, max: 3 }),
    })
    .chain(({ waveCount, rtoTargetMinutes, planName }) =>
      fc.tuple(...Array.from({ length: waveCount }, (_, i) => waveArb(i + 1))).map(
        (waves): DocumentRecoveryPlan => ({
          planName,
          waves,
          ...(rtoTargetMinutes === undefined ? {} : { rtoTargetMinutes }),
        }),
      ),
    );

const stateArb: fc.Arbitrary<PlanDocumentState> = fc.record({
  protectionGroups: fc.subarray(groupNames).chain((names) => fc.tuple(...names.map(groupArb))),
  recoveryPlans: fc.subarray(["Shop", "Payroll", "Portal"]).chain((names) => fc.tuple(...names.map(planArb))),
});

/** What a faithful `apply` does with the change list: the reference model for the properties. */
function applyChanges(current: PlanDocumentState, changes: PlanChange[]): PlanDocumentState {
  const key = (s: string) => s.toLowerCase();
  let groups = [...current.protectionGroups];
  let plans = [...current.recoveryPlans];
  for (const c of changes) {
    if (c.kind === "protectionGroup") {
      groups = groups.filter((g) => key(g.groupName) !== key(c.name));
      if (c.action !== "delete") groups.push(c.desired);
    } else {
      plans = plans.filter((p) => key(p.planName) !== key(c.name));
      if (c.action !== "delete") plans.push(c.desired);
    }
  }
  return { protectionGroups: groups, recoveryPlans: plans };
}

describe("planChanges properties", () => {
  it("diff(x, x) is empty", () => {
    fc.assert(fc.property(stateArb, (x) => planChanges(x, x, { prune: true }).length === 0));
  });

  it("applying diff(desired, current) with prune makes current equal desired", () => {
    fc.assert(
      fc.property(stateArb, stateArb, (desired, current) => {
        const after = applyChanges(current, planChanges(desired, current, { prune: true }));
        expect(planChanges(desired, after, { prune: true })).toEqual([]);
        expect(after.protectionGroups.length).toBe(desired.protectionGroups.length);
        expect(after.recoveryPlans.length).toBe(desired.recoveryPlans.length);
      }),
    );
  });

  it("without prune nothing is deleted and a second apply is empty", () => {
    fc.assert(
      fc.property(stateArb, stateArb, (desired, current) => {
        const changes = planChanges(desired, current);
        expect(changes.some((c) => c.action === "delete")).toBe(false);
        const after = applyChanges(current, changes);
        expect(planChanges(desired, after)).toEqual([]);
        for (const g of current.protectionGroups) {
          expect(
            after.protectionGroups.some((a) => a.groupName.toLowerCase() === g.groupName.toLowerCase()),
          ).toBe(true);
        }
      }),
    );
  });

  it("never creates or deletes something that exists on both sides", () => {
    fc.assert(
      fc.property(stateArb, stateArb, (desired, current) => {
        const names = (s: PlanDocumentState) =>
          new Set(
            [...s.protectionGroups.map((g) => g.groupName), ...s.recoveryPlans.map((p) => p.planName)].map(
              (n) => n.toLowerCase(),
            ),
          );
        const both = [...names(desired)].filter((n) => names(current).has(n));
        const createdOrDeleted = planChanges(desired, current, { prune: true })
          .filter((c) => c.action !== "update")
          .map((c) => c.name.toLowerCase());
        expect(createdOrDeleted.filter((n) => both.includes(n))).toEqual([]);
      }),
    );
  });
});
