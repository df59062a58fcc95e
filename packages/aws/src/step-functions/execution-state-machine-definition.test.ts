import aslValidator from "asl-validator";
import { describe, expect, it } from "vitest";
import { buildExecutionStateMachineDefinition } from "./execution-state-machine-definition";
import { CANCELLED_WHILE_PAUSED } from "./tick-result";

const definition = buildExecutionStateMachineDefinition({
  tickFunctionArn: "arn:aws:lambda:us-east-1:111111111111:function:drso-tick",
});

describe("execution state machine definition", () => {
  it("is valid Amazon States Language", async () => {
    // The validator annotates the object it checks (QueryLanguage), so it gets a copy.
    const { isValid, errorsText } = await aslValidator(structuredClone(definition));
    expect(errorsText("\n")).toBe("");
    expect(isValid).toBe(true);
  });

  it("routes the Tick outcome: DONE ends, PAUSED parks on a task token, anything else waits", () => {
    const route = definition.States.Route;
    expect(route.Choices).toEqual([
      { Variable: "$.outcome", StringEquals: "DONE", Next: "Done" },
      { Variable: "$.outcome", StringEquals: "PAUSED", Next: "ParkWhilePaused" },
    ]);
    expect(route.Default).toBe("Wait");
    expect(definition.States.Wait).toEqual({ Type: "Wait", SecondsPath: "$.waitSeconds", Next: "Tick" });
  });

  it("parks a paused execution until resume or cancel answers the token, then ticks again", () => {
    const park = definition.States.ParkWhilePaused;
    expect(park.Resource).toBe("arn:aws:states:::lambda:invoke.waitForTaskToken");
    expect(park.Parameters.Payload["taskToken.$"]).toBe("$$.Task.Token");
    expect(park.Next).toBe("Tick");
    expect(park.Catch[0]?.ErrorEquals).toContain(CANCELLED_WHILE_PAUSED);
    expect(park.Catch[0]?.Next).toBe("Tick");
  });
});
