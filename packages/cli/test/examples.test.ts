import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DescribeSourceServersCommand, DrsClient } from "@aws-sdk/client-drs";
import { planDocumentJsonSchema } from "@drso/core";
import { SIMULATOR_CREDENTIALS, startSimulator } from "@drso/simulator";
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

describe("README", () => {
  it("its inline plan document is valid and names only servers of the demo fleet", async () => {
    const readme = readFileSync(fileURLToPath(new URL("../../../README.md", import.meta.url)), "utf8");
    const block = /```yaml\n((?:#.*\n)?apiVersion: drso\/v1[\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    const doc = parsePlanText(block ?? "", "README.md");
    const explicit = doc.protectionGroups.filter((g) => g.serverIds);
    expect(explicit.length).toBeGreaterThan(0);
    const sim = await startSimulator({ port: 0, seed: 1 });
    try {
      for (const g of explicit) {
        const drs = new DrsClient({
          endpoint: sim.endpoint,
          region: g.region,
          credentials: SIMULATOR_CREDENTIALS,
        });
        const known = (await drs.send(new DescribeSourceServersCommand({}))).items?.map(
          (s) => s.sourceServerID,
        );
        drs.destroy();
        for (const id of g.serverIds ?? []) expect(known, `${g.groupName}: ${id}`).toContain(id);
      }
    } finally {
      await sim.close();
    }
  });
});
