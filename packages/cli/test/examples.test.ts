import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { planDocumentJsonSchema } from "@drso/core";
import { describe, expect, it } from "vitest";
import { parsePlanText } from "../src/plan-file";

const examples = (name: string) => fileURLToPath(new URL(`../../../examples/${name}`, import.meta.url));

describe("examples/", () => {
  it("three-tier-app.yaml is a valid plan document on the demo fleet's accounts and regions", () => {
    const doc = parsePlanText(readFileSync(examples("three-tier-app.yaml"), "utf8"), "three-tier-app.yaml");
    expect(doc.recoveryPlans.map((p) => p.planName)).toEqual(["OrderPortal three-tier"]);
    for (const g of doc.protectionGroups) {
      expect(["111111111111", "222222222222"]).toContain(g.accountId);
      expect(["us-east-1", "us-west-2"]).toContain(g.region);
    }
  });

  it("drso-plan.schema.json is the schema `drso schema` prints today (regenerate it when the schemas change)", () => {
    const committed: unknown = JSON.parse(readFileSync(examples("drso-plan.schema.json"), "utf8"));
    expect(committed).toEqual(planDocumentJsonSchema());
  });
});
