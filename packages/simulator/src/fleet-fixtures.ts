import type { FleetSpec } from "./fleet-spec";

/** One account-region of `count` identical servers: the smallest world unit tests need. */
export const flatFleetForUnitTests = (count: number, launchFailureProbability = 0): FleetSpec => ({
  accounts: [
    {
      accountId: "111111111111",
      regions: [
        {
          region: "us-east-1",
          servers: Array.from({ length: count }, (_, i) => ({
            hostname: `unit-${i}`,
            launchFailureProbability,
          })),
        },
      ],
    },
  ],
});
