import { describe, expect, test } from "vitest";
import { Description, Name, TagMap } from "./common";
import { isSafeText } from "./free-text";
import { RecoveryPlanInput } from "./recovery-plan";

describe("free text", () => {
  test.each([
    ["NUL", "a\u0000b"],
    ["BEL", "a\u0007b"],
    ["ESC", "\u001b[31mred"],
    ["DEL", "a\u007fb"],
    ["C1 control", "a\u0085b"],
    ["right-to-left override", "admin\u202etxt.exe"],
    ["isolate", "a\u2066b\u2069"],
    ["lone high surrogate", "a\ud800b"],
    ["lone low surrogate", "a\udc00"],
  ])("refuses %s", (_, value) => {
    expect(isSafeText(value)).toBe(false);
    expect(isSafeText(value, { multiline: true })).toBe(false);
  });

  test("accepts letters of any script, emoji (surrogate pairs) and, in multi-line text, line breaks", () => {
    expect(isSafeText("Zürich – 東京 🚀")).toBe(true);
    expect(isSafeText("line 1\nline 2\r\n\tindented", { multiline: true })).toBe(true);
    expect(isSafeText("line 1\nline 2")).toBe(false);
  });

  test("schemas that take free text refuse it and name the field", () => {
    expect(Description.safeParse("ok\nstill ok").success).toBe(true);
    expect(Description.safeParse("bell\u0007").success).toBe(false);
    expect(Name.safeParse("Web\u0000").success).toBe(false);
    expect(TagMap.safeParse({ Tier: "web\u202e" }).success).toBe(false);
    expect(TagMap.safeParse({ "Ti\u0000er": "web" }).success).toBe(false);
    const plan = RecoveryPlanInput.safeParse({
      planName: "P",
      waves: [{ waveNumber: 1, waveName: "first\u0007", protectionGroupIds: [crypto.randomUUID()] }],
    });
    expect(plan.success).toBe(false);
    expect(plan.error?.issues[0]?.path).toEqual(["waves", 0, "waveName"]);
  });
});
