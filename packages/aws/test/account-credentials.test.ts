import { type RunningSimulator, SIMULATOR_CREDENTIALS, startSimulator } from "@drso/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AccountCredentials,
  CREDENTIAL_REFRESH_MARGIN_MS,
  TARGET_ACCOUNTS_TTL_MS,
} from "../src/account-credentials";
import { realRetryEnvironment } from "../src/retry-policy";
import {
  EXTERNAL_ID,
  FAST_RETRY,
  HOME,
  TARGET,
  targetAccount,
  twoAccountFleet,
} from "./support/simulated-aws";

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

  it("reads the target accounts at most once per TTL, but at once when an account is not in the last read", async () => {
    let reads = 0;
    let accounts = [targetAccount()];
    const cached = new AccountCredentials(
      { endpoint: sim.endpoint, credentials: SIMULATOR_CREDENTIALS },
      HOME,
      async () => {
        reads++;
        return accounts;
      },
      FAST_RETRY,
      realRetryEnvironment,
      () => clock,
    );
    await cached.roleOf(TARGET);
    await cached.roleOf(TARGET);
    expect(reads).toBe(1);
    clock += TARGET_ACCOUNTS_TTL_MS;
    expect((await cached.roleOf(TARGET))?.externalId).toBe(EXTERNAL_ID);
    expect(reads).toBe(2);
    accounts = [...accounts, targetAccount({ accountId: "333333333333" })];
    expect((await cached.roleOf("333333333333"))?.accountId).toBe("333333333333");
    expect(reads).toBe(3);
    await expect(cached.roleOf("444444444444")).rejects.toMatchObject({ code: "NOT_FOUND" });
    cached.destroy();
  });

  it("shares one AssumeRole between concurrent callers", async () => {
    clock = Date.now();
    credentials.invalidate(TARGET);
    const role = (await credentials.roleOf(TARGET))!;
    const [a, b] = await Promise.all([
      credentials.assumed(role, "us-east-1"),
      credentials.assumed(role, "us-east-1"),
    ]);
    expect(a).toBe(b);
  });

  it("refreshes expiring credentials with one AssumeRole shared by concurrent callers", async () => {
    clock = Date.now();
    credentials.invalidate(TARGET);
    const role = (await credentials.roleOf(TARGET))!;
    const first = await credentials.assumed(role, "us-east-1");
    clock = first.expiration!.getTime() - CREDENTIAL_REFRESH_MARGIN_MS + 1;
    const [a, b, c] = await Promise.all([
      credentials.assumed(role, "us-east-1"),
      credentials.assumed(role, "us-east-1"),
      credentials.assumed(role, "us-east-1"),
    ]);
    expect(a.accessKeyId).not.toBe(first.accessKeyId);
    expect(b).toBe(a);
    expect(c).toBe(a);
    clock = Date.now();
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
