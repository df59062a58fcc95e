import { describe, expect, it } from "vitest";
import { pointInTimeOf } from "./recovery-point";

const NOW = new Date("2026-11-23T12:00:00.000Z");

describe("the recovery point chosen in the execute dialog", () => {
  it("sends no pointInTime for the latest data", () => {
    expect(pointInTimeOf({ kind: "latest" }, NOW)).toEqual({});
  });

  it("reads the picked date and time as UTC", () => {
    expect(pointInTimeOf({ kind: "pointInTime", date: "2026/11/23", time: "08:30" }, NOW)).toEqual({
      pointInTime: "2026-11-23T08:30:00.000Z",
    });
    expect(pointInTimeOf({ kind: "pointInTime", date: "2026-11-22", time: "23:59" }, NOW).pointInTime).toBe(
      "2026-11-22T23:59:00.000Z",
    );
  });

  it("refuses a missing, impossible or future time before asking the API", () => {
    expect(pointInTimeOf({ kind: "pointInTime", date: "", time: "08:30" }, NOW).error).toMatch(
      /date and a time/,
    );
    expect(pointInTimeOf({ kind: "pointInTime", date: "2026/02/31", time: "08:30" }, NOW).error).toMatch(
      /does not exist/,
    );
    expect(pointInTimeOf({ kind: "pointInTime", date: "2026/11/23", time: "25:00" }, NOW).error).toMatch(
      /does not exist/,
    );
    expect(pointInTimeOf({ kind: "pointInTime", date: "2026/11/23", time: "12:01" }, NOW).error).toMatch(
      /past/,
    );
  });
});
