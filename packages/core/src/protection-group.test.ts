import { describe, expect, it } from "vitest";
import { ProtectionGroupInput } from "./protection-group";
import { RecoveryPlanInput } from "./recovery-plan";

const base = { groupName: "Web tier", accountId: "111111111111", region: "us-east-1" };

describe("protection group schema", () => {
  it("accepts explicit servers or tag criteria", () => {
    expect(ProtectionGroupInput.safeParse({ ...base, serverIds: ["s-0123456789abcdef0"] }).success).toBe(
      true,
    );
    expect(ProtectionGroupInput.safeParse({ ...base, tagCriteria: { Tier: "web" } }).success).toBe(true);
  });

  it("requires exactly one of serverIds and tagCriteria", () => {
    const both = ProtectionGroupInput.safeParse({
      ...base,
      serverIds: ["s-0123456789abcdef0"],
      tagCriteria: { a: "b" },
    });
    const neither = ProtectionGroupInput.safeParse(base);
    for (const r of [both, neither]) {
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.message).toBe("give exactly one of serverIds or tagCriteria");
    }
  });

  it("refuses unknown fields, malformed ids and an empty tag selector", () => {
    expect(ProtectionGroupInput.safeParse({ ...base, tagCriteria: { a: "b" }, color: "red" }).success).toBe(
      false,
    );
    expect(ProtectionGroupInput.safeParse({ ...base, serverIds: ["i-123"] }).success).toBe(false);
    expect(
      ProtectionGroupInput.safeParse({ ...base, accountId: "1234", tagCriteria: { a: "b" } }).success,
    ).toBe(false);
    expect(ProtectionGroupInput.safeParse({ ...base, tagCriteria: {} }).success).toBe(false);
  });
});

describe("recovery plan schema", () => {
  it("fills wave defaults: pause off, stop on failure", () => {
    const plan = RecoveryPlanInput.parse({
      planName: "App",
      waves: [{ waveNumber: 1, protectionGroupIds: ["7f0c9d4e-3b1a-4c2d-9e8f-0a1b2c3d4e5f"] }],
    });
    expect(plan.waves[0]).toMatchObject({ pauseBeforeWave: false, onFailure: "STOP" });
    expect(plan.waves[0]?.dependsOnWaves).toBeUndefined();
  });
});
