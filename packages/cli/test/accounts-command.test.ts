import { demoFleet } from "@drso/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ExecutionStack, startExecutionStack } from "./support/execution-stack";

const SLOW = 120_000;
let stack: ExecutionStack;

beforeAll(async () => {
  stack = await startExecutionStack(demoFleet());
}, SLOW);
afterAll(() => stack?.close());

/** `drso accounts`: register, list, validate and remove target accounts through the API. */
describe("drso accounts", () => {
  it("registers an account with the default cross-account role and lists it", { timeout: SLOW }, async () => {
    const add = await stack.cli([
      "accounts",
      "add",
      "222222222222",
      "--name",
      "DR target",
      "--external-id",
      "drso-demo-external-id",
      "--regions",
      "us-east-1,us-west-2",
    ]);
    expect(add.stderr).toBe("");
    expect(add.stdout).toContain(
      "Registered target account 222222222222 'DR target' (arn:aws:iam::222222222222:role/DRSOrchestrationCrossAccountRole)",
    );
    const list = await stack.cli(["accounts", "list"]);
    expect(list.stdout.split("\n")[0]).toMatch(/^ACCOUNT\s+NAME\s+REGIONS\s+ROLE\s+EXTERNAL ID\s+VALIDATED$/);
    expect(list.stdout).toMatch(
      /222222222222\s+DR target\s+us-east-1,us-west-2\s+arn:\S+\s+drso-demo-external-id\s+never/,
    );
    const json = await stack.cli(["accounts", "list", "--output", "json"]);
    expect(JSON.parse(json.stdout)).toMatchObject([{ accountId: "222222222222", validated: false }]);
  });

  it("masks the ExternalId for a role that may not manage accounts", { timeout: SLOW }, async () => {
    const list = await stack.cli(["accounts", "list", "--output", "json"], {
      env: { DRSO_TOKEN: stack.env.api.tokenFor("DRSReadOnly") },
    });
    expect(JSON.parse(list.stdout)).toMatchObject([
      { accountId: "222222222222", externalId: "****************" },
    ]);
  });

  it("validates: exit 0 with the assumed identity, exit 1 telling to check a wrong ExternalId", {
    timeout: SLOW,
  }, async () => {
    const ok = await stack.cli(["accounts", "validate", "222222222222"]);
    expect(ok.stdout).toMatch(
      /^valid: Assumed arn:aws:iam::222222222222:role\/DRSOrchestrationCrossAccountRole/,
    );
    expect(ok.code).toBe(0);

    const wrong = await stack.cli([
      "accounts",
      "add",
      "333333333333",
      "--name",
      "Not set up",
      "--external-id",
      "wrong-external-id",
      "--regions",
      "us-east-1",
    ]);
    expect(wrong.code).toBe(0);
    const failed = await stack.cli(["accounts", "validate", "333333333333"]);
    expect(failed.stdout).toContain("FAILED: AssumeRole refused: check the ExternalId");
    expect(failed.code).toBe(1);
    const list = await stack.cli(["accounts", "list"]);
    expect(list.stdout).toMatch(/222222222222 .* ok \d{4}-/);
    expect(list.stdout).toMatch(/333333333333 .* FAILED \d{4}-/);
  });

  it("removes an account, and says why when it is not registered", { timeout: SLOW }, async () => {
    const removed = await stack.cli(["accounts", "remove", "333333333333"]);
    expect(removed.stdout).toBe("Removed target account 333333333333\n");
    const again = await stack.cli(["accounts", "remove", "333333333333"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/333333333333.*\(NOT_FOUND, HTTP 404\)/);
  });
});
