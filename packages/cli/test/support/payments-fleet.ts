import { demoFleet, type FleetSpec } from "@drso/simulator";

/** The demo fleet, except that every launch of payments-web-02 fails: the injected failure. */
export function fleetWithFailingServer(): FleetSpec {
  const fleet = demoFleet();
  for (const account of fleet.accounts)
    for (const region of account.regions)
      region.servers = (region.servers ?? []).map((s) =>
        s.hostname === "payments-web-02" ? { ...s, launchFailureProbability: 1 } : s,
      );
  return fleet;
}

/** Two one-wave plans over the Payments web and app tiers of the demo fleet. */
export const PAYMENTS = `apiVersion: drso/v1
protectionGroups:
  - groupName: Payments web
    accountId: "111111111111"
    region: us-east-1
    tagCriteria: { Application: Payments, Tier: web }
  - groupName: Payments app
    accountId: "111111111111"
    region: us-east-1
    tagCriteria: { Application: Payments, Tier: app }
recoveryPlans:
  - planName: Payments web drill
    waves:
      - { waveNumber: 1, protectionGroups: [Payments web] }
  - planName: Payments app drill
    waves:
      - { waveNumber: 1, protectionGroups: [Payments app] }
`;
