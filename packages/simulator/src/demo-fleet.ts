import type { FleetSpec, ServerSpec } from "./fleet-spec";

export const HOME_ACCOUNT_ID = "111111111111";
export const TARGET_ACCOUNT_ID = "222222222222";
export const CROSS_ACCOUNT_ROLE_NAME = "DRSOrchestrationCrossAccountRole";
export const DEMO_EXTERNAL_ID = "drso-demo-external-id";
export const DEMO_REGIONS = ["us-east-1", "us-west-2"] as const;
/** The second VPC of every demo account-region (one subnet, one security group). */
export const SHARED_SERVICES_VPC = "shared-services";

interface Application {
  name: string;
  environment: string;
  /** Servers per tier. */
  web: number;
  app: number;
  database: number;
}

const APPLICATIONS: Record<string, Application[]> = {
  [`${HOME_ACCOUNT_ID}/us-east-1`]: [
    { name: "OrderPortal", environment: "Production", web: 2, app: 2, database: 1 },
    { name: "Payments", environment: "Production", web: 2, app: 2, database: 2 },
    { name: "Intranet", environment: "Staging", web: 1, app: 1, database: 1 },
  ],
  [`${HOME_ACCOUNT_ID}/us-west-2`]: [
    { name: "Inventory", environment: "Production", web: 2, app: 2, database: 1 },
    { name: "Reporting", environment: "Development", web: 1, app: 2, database: 1 },
    { name: "HRSystem", environment: "Production", web: 1, app: 1, database: 1 },
  ],
  [`${TARGET_ACCOUNT_ID}/us-east-1`]: [
    { name: "CustomerCRM", environment: "Production", web: 2, app: 2, database: 2 },
    { name: "Billing", environment: "Production", web: 2, app: 2, database: 1 },
    { name: "Analytics", environment: "Staging", web: 1, app: 1, database: 1 },
  ],
  [`${TARGET_ACCOUNT_ID}/us-west-2`]: [
    { name: "Logistics", environment: "Production", web: 2, app: 2, database: 1 },
    { name: "DocumentStore", environment: "Production", web: 1, app: 2, database: 2 },
    { name: "Wiki", environment: "Development", web: 1, app: 1, database: 1 },
  ],
};

/**
 * Servers that are deliberately unhealthy so validation has something to find. Keyed by
 * hostname; everything else replicates CONTINUOUS.
 */
const UNHEALTHY: Record<string, Partial<ServerSpec>> = {
  "payments-app-02": { replicationState: "STALLED" },
  "reporting-database-01": { replicationState: "DISCONNECTED" },
  "billing-web-02": { replicationState: "STALLED" },
  "documentstore-app-02": { replicationState: "DISCONNECTED" },
  "wiki-app-01": { replicationState: "BACKLOG" },
  "analytics-database-01": { launchFailureProbability: 1 },
};

const INSTANCE_TYPES = { web: "t3.medium", app: "m5.large", database: "r5.xlarge" } as const;
const OS = {
  web: "Amazon Linux 2",
  app: "Red Hat Enterprise Linux 8.6",
  database: "Windows Server 2019",
} as const;

const serversOf = (apps: readonly Application[]): ServerSpec[] =>
  apps.flatMap((app) =>
    (["web", "app", "database"] as const).flatMap((tier) =>
      Array.from({ length: app[tier] }, (_, i) => {
        const hostname = `${app.name.toLowerCase()}-${tier}-${String(i + 1).padStart(2, "0")}`;
        return {
          hostname,
          tags: { Application: app.name, Tier: tier, Environment: app.environment, Name: hostname },
          instanceType: INSTANCE_TYPES[tier],
          os: OS[tier],
          ...UNHEALTHY[hostname],
        };
      }),
    ),
  );

/**
 * The default fleet: accounts 111111111111 (home) and 222222222222 (reached through
 * `DRSOrchestrationCrossAccountRole` with ExternalId `drso-demo-external-id`) × us-east-1 and
 * us-west-2; 53 servers tagged Application / Tier / Environment, a few STALLED or DISCONNECTED.
 * Each account-region has the recovery VPC (3 subnets) and a shared-services VPC (1 subnet).
 */
export function demoFleet(): FleetSpec {
  return {
    homeAccountId: HOME_ACCOUNT_ID,
    accounts: [
      {
        accountId: HOME_ACCOUNT_ID,
        name: "drs-orchestrator-home",
        // The home account trusts itself without an ExternalId, so it can be a target too.
        crossAccountRole: { roleName: CROSS_ACCOUNT_ROLE_NAME },
        regions: DEMO_REGIONS.map((region) => ({
          region,
          extraVpcs: [SHARED_SERVICES_VPC],
          servers: serversOf(APPLICATIONS[`${HOME_ACCOUNT_ID}/${region}`] ?? []),
        })),
      },
      {
        accountId: TARGET_ACCOUNT_ID,
        name: "drs-orchestrator-target",
        crossAccountRole: { roleName: CROSS_ACCOUNT_ROLE_NAME, externalId: DEMO_EXTERNAL_ID },
        regions: DEMO_REGIONS.map((region) => ({
          region,
          extraVpcs: [SHARED_SERVICES_VPC],
          servers: serversOf(APPLICATIONS[`${TARGET_ACCOUNT_ID}/${region}`] ?? []),
        })),
      },
    ],
  };
}

/**
 * A large synthetic fleet for load tests and benchmarks: `serversPerRegion` servers in each
 * account-region of the demo accounts, with the replicating-server quota raised to fit.
 */
export function largeFleet(serversPerRegion: number): FleetSpec {
  const tiers = ["web", "app", "database"] as const;
  return {
    homeAccountId: HOME_ACCOUNT_ID,
    accounts: [HOME_ACCOUNT_ID, TARGET_ACCOUNT_ID].map((accountId) => ({
      accountId,
      crossAccountRole:
        accountId === HOME_ACCOUNT_ID
          ? { roleName: CROSS_ACCOUNT_ROLE_NAME }
          : { roleName: CROSS_ACCOUNT_ROLE_NAME, externalId: DEMO_EXTERNAL_ID },
      quotas: { maxReplicatingServers: Math.max(300, serversPerRegion) },
      regions: DEMO_REGIONS.map((region) => ({
        region,
        extraVpcs: [SHARED_SERVICES_VPC],
        servers: Array.from({ length: serversPerRegion }, (_, i) => {
          const tier = tiers[i % 3] ?? "app";
          const app = `App${String(Math.floor(i / 30) + 1).padStart(3, "0")}`;
          return {
            hostname: `${app.toLowerCase()}-${tier}-${String(i + 1).padStart(5, "0")}`,
            tags: { Application: app, Tier: tier, Environment: i % 10 === 0 ? "Staging" : "Production" },
          };
        }),
      })),
    })),
  };
}
