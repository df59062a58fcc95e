import { type AwsAdapters, type AwsAdaptersOptions, createAwsAdapters } from "@drso/aws";
import type { TargetAccount } from "@drso/core";
import { type FleetSpec, SIMULATOR_CREDENTIALS, startSimulator } from "@drso/simulator";

export const HOME = "111111111111";
export const TARGET = "222222222222";
export const TARGET_ROLE_ARN = "arn:aws:iam::222222222222:role/DRSOrchestrationCrossAccountRole";
export const EXTERNAL_ID = "drso-demo-external-id";

/** Retries in tests: many attempts (faults are random) but millisecond delays. */
export const FAST_RETRY = { maxAttempts: 15, baseDelayMs: 1, maxDelayMs: 10 };

export const targetAccount = (overrides: Partial<TargetAccount> = {}): TargetAccount => ({
  accountId: TARGET,
  accountName: "Target",
  roleArn: TARGET_ROLE_ARN,
  externalId: EXTERNAL_ID,
  regions: ["us-east-1", "us-west-2"],
  validated: false,
  version: 1,
  createdDate: "2026-01-01T00:00:00.000Z",
  lastModifiedDate: "2026-01-01T00:00:00.000Z",
  createdBy: "test",
  lastModifiedBy: "test",
  ...overrides,
});

/** `count` CONTINUOUS servers tagged by index, for one account/region. */
export const servers = (count: number, prefix = "srv") =>
  Array.from({ length: count }, (_, i) => ({
    hostname: `${prefix}-${String(i).padStart(4, "0")}`,
    tags: { Application: i % 2 === 0 ? "Even" : "Odd", Tier: "app", Environment: "Test" },
  }));

/** Two accounts like the demo fleet, with the cross-account role in the target account. */
export const twoAccountFleet = (
  home: FleetSpec["accounts"][number]["regions"],
  target = home,
): FleetSpec => ({
  homeAccountId: HOME,
  accounts: [
    { accountId: HOME, regions: home },
    {
      accountId: TARGET,
      crossAccountRole: { roleName: "DRSOrchestrationCrossAccountRole", externalId: EXTERNAL_ID },
      regions: target,
    },
  ],
});

export interface SimulatedAws {
  sim: Awaited<ReturnType<typeof startSimulator>>;
  adapters: AwsAdapters;
  close(): Promise<void>;
}

/** A simulator on a random port with `fleet`, and the adapters pointed at it through the real SDK. */
export async function simulatedAws(
  fleet: FleetSpec,
  options: Partial<AwsAdaptersOptions> & { timeScale?: number } = {},
): Promise<SimulatedAws> {
  const sim = await startSimulator({ port: 0, timeScale: options.timeScale ?? 10_000, seed: 7, fleet });
  const adapters = createAwsAdapters({
    endpoint: sim.endpoint,
    homeAccountId: HOME,
    credentials: SIMULATOR_CREDENTIALS,
    targetAccounts: async () => [targetAccount()],
    retry: FAST_RETRY,
    ...options,
  });
  return {
    sim,
    adapters,
    close: async () => {
      adapters.destroy();
      await sim.close();
    },
  };
}
