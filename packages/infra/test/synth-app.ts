import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDrsoApp, type DrsoApp } from "../src/drso-app";

export const TEST_EXTERNAL_ID = "test-external-id-4f1c9a0e7b";

/**
 * Builds the app as `cdk synth` would, with test context. Lambda bundling is skipped
 * (`aws:cdk:bundling-stacks: []`) so synthesis takes a second; `npm run synth -w packages/infra`
 * runs the real esbuild bundling.
 */
export const synthTestApp = (context: Record<string, unknown> = {}): DrsoApp => {
  const webDist = mkdtempSync(join(tmpdir(), "drso-web-dist-"));
  writeFileSync(join(webDist, "index.html"), "<!doctype html><title>DRS Orchestrator</title>");
  return createDrsoApp({
    outdir: mkdtempSync(join(tmpdir(), "drso-cdk-out-")),
    context: {
      "aws:cdk:bundling-stacks": [],
      envName: "test",
      regions: ["us-east-1", "us-west-2"],
      adminEmail: "admin@example.com",
      targetAccountIds: ["222222222222"],
      crossAccountRoleName: "DRSOrchestrationCrossAccountRole",
      // Tests only: a deploy must pass its own random secret (deploy-context.ts refuses none).
      externalId: TEST_EXTERNAL_ID,
      orchestratorAccountId: "111111111111",
      webDistPath: webDist,
      ...context,
    },
  });
};
