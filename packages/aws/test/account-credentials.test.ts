import { type RunningSimulator, SIMULATOR_CREDENTIALS, startSimulator } from "@drso/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AccountCredentials, CREDENTIAL_REFRESH_MARGIN_MS } from "../src/account-credentials";
import { realRetryEnvironment } from "../src/retry-policy";
import { FAST_RETRY, HOME, TARGET, targetAccount, twoAccountFleet } from "./support/simulated-aws";

describe("AccountCredentials (STS AssumeRole cache) against the simulator", () => {
  let sim: RunningSimulator;
  let clock = Date.now();
  let credentials: AccountCredentials;
  beforeAll(async () => {
    sim = await startSimulator({
      port: 0,
      timeScale: 1000,
      seed: 3,
      fleet: twoAccountFleet([{ region: "us-east-1" }]),
    });
    credentials = new AccountCredentials(
      { endpoint: sim.endpoint, credentials: SIMULATOR_CREDENTIALS },
      HOME,
      async () => [targetAccount()],
      FAST_RETRY,
      realRetryEnvironment,
      () => clock,
    );
  });
  afterAll(async () => {
    credentials.destroy();
    await sim.close();
  });

  it("uses the home credentials for the home account without assuming a role", async () => {
    expect(await credentials.roleOf(HOME)).toBeUndefined();
  });

  it("reuses assumed credentials while fresh and assumes the role again shortly before expiry", async () => {
    const role = (await credentials.roleOf(TARGET))!;
    const first = await credentials.assumed(role, "us-east-1");
    expect(first.accessKeyId).not.toBe(SIMULATOR_CREDENTIALS.accessKeyId);
    expect(await credentials.assumed(role, "us-east-1")).toBe(first);
    clock = first.expiration!.getTime() - CREDENTIAL_REFRESH_MARGIN_MS + 1;
    const refreshed = await credentials.assumed(role, "us-east-1");
    expect(refreshed.accessKeyId).not.toBe(first.accessKeyId);
  });

  it("shares one AssumeRole between concurrent callers", async () => {
    credentials.invalidate(TARGET);
    const role = (await credentials.roleOf(TARGET))!;
    const [a, b] = await Promise.all([
      credentials.assumed(role, "us-east-1"),
      credentials.assumed(role, "us-east-1"),
    ]);
    expect(a).toBe(b);
  });

  it("assumes again when the account's ExternalId changes", async () => {
    const role = (await credentials.roleOf(TARGET))!;
    const good = await credentials.assumed(role, "us-east-1");
    await expect(
      credentials.assumed({ ...role, externalId: "changed-external-id" }, "us-east-1"),
    ).rejects.toMatchObject({
      kind: "access-denied",
    });
    const again = await credentials.assumed(role, "us-east-1");
    expect(again.accessKeyId).not.toBe(good.accessKeyId);
  });
});
