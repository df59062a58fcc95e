import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type RunningSimulator, startSimulator } from "@drso/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fleetWithFailingServer, PAYMENTS } from "./support/payments-fleet";
import { ADMIN_PASSWORD, type ServedStack, startServedStack } from "./support/served-stack";

const EXAMPLE = fileURLToPath(new URL("../../../examples/three-tier-app.yaml", import.meta.url));
const SLOW = 180_000;

let sim: RunningSimulator;
let stack: ServedStack;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, timeScale: 600, fleet: fleetWithFailingServer() });
  stack = await startServedStack({ DRSO_SIM_URL: sim.endpoint, DRSO_TIME_SCALE: "600" });
  const login = await stack.cli(["login", "-u", "admin", "--password-stdin"], {
    input: `${ADMIN_PASSWORD}\n`,
  });
  expect(login.stderr, stack.log()).toBe("");
  const payments = join(stack.dir, "payments.yaml");
  await writeFile(payments, PAYMENTS);
  for (const file of [EXAMPLE, payments]) {
    const applied = await stack.cli(["apply", "-f", file]);
    expect(applied.stderr).toBe("");
    expect(applied.code).toBe(0);
  }
}, SLOW);

afterAll(async () => {
  await stack?.close();
  await sim?.close();
});

describe("drso precheck", () => {
  it("reports a plan whose servers replicate healthily as ready (exit 0)", async () => {
    const r = await stack.cli(["precheck", "OrderPortal three-tier"]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("servers replicating healthily: 5/5");
    expect(r.stdout).toMatch(/quotas: 111111111111\/us-east-1: 5 servers; headroom \d+ jobs/);
    expect(r.stdout).toContain("READY");
    expect(r.code).toBe(0);
  });

  it("exits non-zero naming the STALLED server of a plan", async () => {
    const r = await stack.cli(["precheck", "Payments app drill"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /✗ replication: server payments-app-02 \(s-[0-9a-f]{17}\) of group "Payments app" is STALLED/,
    );
    expect(r.stdout).toContain("NOT READY");
    const json = await stack.cli(["precheck", "Payments app drill", "--output", "json"]);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ready: false,
      findings: expect.arrayContaining([
        expect.objectContaining({ hostname: "payments-app-02", status: "fail" }),
      ]),
    });
  });
});
