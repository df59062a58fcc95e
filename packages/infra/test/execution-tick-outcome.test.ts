import { type ExecutionEvent, type ExecutionState, evolve, initialState } from "@drso/core";
import { created, fleet } from "@drso/core/testing";
import { describe, expect, it } from "vitest";
import { outcomeOf } from "../src/lambda/execution-tick";

// A running execution whose wave 1 has been launched: the engine wants to poll soon.
const running = (): ExecutionState => {
  const first = created([{ servers: fleet(2) }]);
  const at = (first as { at: string }).at;
  const events: ExecutionEvent[] = [
    first,
    { type: "ExecutionStarted", at },
    { type: "WaveStarted", at, waveNumber: 1 },
  ];
  return events.reduce(evolve, initialState());
};

describe("what the state machine does after a Tick", () => {
  const now = (s: ExecutionState) => new Date(Date.parse(s.lastChangeAt));

  it("ends on a terminal execution, but not while a requested termination is still pending", () => {
    const s = running();
    expect(outcomeOf({ ...s, status: "COMPLETED" }, now(s), 300).outcome).toBe("DONE");
    const terminating = { ...s, status: "COMPLETED" as const, termination: { requested: true, targets: [] } };
    expect(outcomeOf(terminating, now(s), 300).outcome).toBe("WAIT");
  });

  it("parks a paused execution on its task token", () => {
    const s = running();
    expect(outcomeOf({ ...s, status: "PAUSED" }, now(s), 300)).toEqual({
      executionId: s.executionId,
      outcome: "PAUSED",
      waitSeconds: 0,
    });
  });

  it("waits whole seconds, at least 1 and at most the configured maximum", () => {
    const s = running();
    const result = outcomeOf(s, now(s), 300);
    expect(result.outcome).toBe("WAIT");
    expect(Number.isInteger(result.waitSeconds)).toBe(true);
    expect(result.waitSeconds).toBeGreaterThanOrEqual(1);
    expect(outcomeOf(s, now(s), 1).waitSeconds).toBe(1);
  });
});
