import { DEFAULT_DRS_QUOTAS, type DrsQuotas, type ReplicationState } from "@drso/core";
import { regionNetwork } from "./ec2/region-network";
import { FleetSpec, type ParsedFleetSpec } from "./fleet-spec";
import { hashHex, SeededRandom } from "./seeded-random";
import type { SimClock } from "./sim-clock";
import type { AccountWorld, PublishedSnsMessage, RegionWorld } from "./world-records";

const UNHEALTHY_SNAPSHOT_AGE_MIN: Partial<Record<ReplicationState, number>> = {
  STALLED: 95,
  DISCONNECTED: 370,
  PAUSED: 45,
  STOPPED: 24 * 60,
};

/** Servers counted against the "replicating source servers" quota. */
const countsAsReplicating = (state: ReplicationState): boolean => state !== "STOPPED";

export class FleetError extends Error {}

/**
 * The whole simulated world — the AWS-side state of every account and region (records in
 * `world-records.ts`), built from a fleet spec. `simulation.ts` wraps it with the clock, faults and
 * controls; `simulator-server.ts` serves it over HTTP. State is only ever changed by the DRS/EC2/STS
 * operations and by `settle`, which applies job progress up to "now" on demand.
 */
export class World {
  readonly accounts = new Map<string, AccountWorld>();
  readonly homeAccountId: string;
  readonly rng: SeededRandom;
  /** Messages published to SNS topics of any account, oldest first. */
  readonly snsMessages: PublishedSnsMessage[] = [];

  constructor(
    spec: FleetSpec,
    readonly clock: SimClock,
    seed: number,
  ) {
    const parsed = FleetSpec.safeParse(spec);
    if (!parsed.success)
      throw new FleetError(`invalid fleet: ${parsed.error.issues.map(issueText).join("; ")}`);
    const fleet: ParsedFleetSpec = parsed.data;
    this.rng = new SeededRandom(seed);
    this.homeAccountId = fleet.homeAccountId ?? fleet.accounts[0]?.accountId ?? "";
    const now = clock.now();
    const seenIds = new Set<string>();
    for (const account of fleet.accounts) {
      const quotas: DrsQuotas = { ...DEFAULT_DRS_QUOTAS, ...account.quotas };
      const accountWorld: AccountWorld = {
        accountId: account.accountId,
        regions: new Map(),
        ...(account.name !== undefined && { name: account.name }),
        ...(account.crossAccountRole !== undefined && { crossAccountRole: account.crossAccountRole }),
      };
      for (const regionSpec of account.regions) {
        if (accountWorld.regions.has(regionSpec.region))
          throw new FleetError(
            `invalid fleet: region ${regionSpec.region} twice in account ${account.accountId}`,
          );
        const replicating = regionSpec.servers.filter((s) => countsAsReplicating(s.replicationState)).length;
        if (replicating > quotas.maxReplicatingServers)
          throw new FleetError(
            `invalid fleet: ${replicating} replicating servers in ${account.accountId}/${regionSpec.region} exceed the quota of ${quotas.maxReplicatingServers} (raise quotas.maxReplicatingServers)`,
          );
        const world = newRegionWorld(account.accountId, regionSpec, quotas);
        regionSpec.servers.forEach((spec, index) => {
          const id =
            spec.sourceServerID ??
            `s-${hashHex(`${account.accountId}/${regionSpec.region}/${spec.hostname}`)}`;
          if (seenIds.has(id))
            throw new FleetError(`invalid fleet: duplicate source server ${id} (${spec.hostname})`);
          seenIds.add(id);
          const frozenAge = UNHEALTHY_SNAPSHOT_AGE_MIN[spec.replicationState];
          world.servers.set(id, {
            sourceServerID: id,
            arn: `arn:aws:drs:${regionSpec.region}:${account.accountId}:source-server/${id}`,
            accountId: account.accountId,
            region: regionSpec.region,
            hostname: spec.hostname,
            tags: { ...spec.tags },
            sourceInstanceId: `i-${hashHex(`source-instance/${id}`)}`,
            sourceInstanceTags: { ...(spec.sourceInstanceTags ?? spec.tags) },
            replicationState: spec.replicationState,
            launchFailureProbability: spec.launchFailureProbability,
            instanceType: spec.instanceType,
            os: spec.os,
            // Servers joined DRS some days ago, at staggered times.
            addedAt: now - (3 * 24 * 60 + (index % 600)) * 60_000,
            ...(frozenAge !== undefined && { frozenSnapshotAt: now - frozenAge * 60_000 }),
            ipAddress: `192.168.${Math.floor(index / 250) % 256}.${(index % 250) + 2}`,
            diskBytes: (spec.tags.Tier === "database" ? 500 : 100) * 1024 ** 3,
            launchConfiguration: {
              name: spec.hostname,
              ec2LaunchTemplateID: `lt-${hashHex(`lt/${id}`)}`,
              launchDisposition: "STARTED",
              targetInstanceTypeRightSizingMethod: "BASIC",
              copyPrivateIp: false,
              copyTags: true,
              licensing: { osByol: true },
              postLaunchEnabled: false,
            },
          });
        });
        accountWorld.regions.set(regionSpec.region, world);
      }
      this.accounts.set(account.accountId, accountWorld);
    }
  }

  regionWorld(accountId: string, region: string): RegionWorld | undefined {
    return this.accounts.get(accountId)?.regions.get(region);
  }

  /** A fresh random id with AWS's shape: `prefix` + 17 hex digits. */
  newId(prefix: string): string {
    return `${prefix}${this.rng.hex(17)}`;
  }

  allRegions(): RegionWorld[] {
    return [...this.accounts.values()].flatMap((a) => [...a.regions.values()]);
  }
}

const issueText = (issue: { path: PropertyKey[]; message: string }): string =>
  issue.path.length > 0 ? `${issue.path.map(String).join(".")}: ${issue.message}` : issue.message;

function newRegionWorld(
  accountId: string,
  spec: { region: string; initialized: boolean; extraVpcs: string[] },
  quotas: DrsQuotas,
): RegionWorld {
  return {
    accountId,
    region: spec.region,
    initialized: spec.initialized,
    quotas,
    servers: new Map(),
    jobs: new Map(),
    jobList: [],
    activeJobs: new Set(),
    recoveryInstances: new Map(),
    instances: new Map(),
    nextIp: 10,
    liveRecoveryInstances: 0,
    network: regionNetwork(accountId, spec.region, spec.extraVpcs),
  };
}
