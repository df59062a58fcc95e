import type { SourceServerRecord } from "../world-records";
import type { DrsCall, DrsResult } from "./drs-call";
import { notFound, validation } from "./drs-error";
import { booleanField, isObject, requiredString, stringField, tagMap } from "./request-fields";

/** A DRS point-in-time rule: keep a snapshot every `interval` `units` for `retentionDuration` units. */
export interface PitRule {
  ruleID: number;
  units: "MINUTE" | "HOUR" | "DAY";
  interval: number;
  retentionDuration: number;
  enabled: boolean;
}

export interface ReplicationConfigurationRecord {
  name: string;
  stagingAreaSubnetId: string;
  associateDefaultSecurityGroup: boolean;
  replicationServersSecurityGroupsIDs: string[];
  replicationServerInstanceType: string;
  useDedicatedReplicationServer: boolean;
  defaultLargeStagingDiskType: "GP2" | "GP3" | "ST1" | "AUTO";
  replicatedDisks: { deviceName: string; isBootDisk: boolean; stagingDiskType: string }[];
  ebsEncryption: "DEFAULT" | "CUSTOM" | "NONE";
  bandwidthThrottling: number;
  dataPlaneRouting: "PRIVATE_IP" | "PUBLIC_IP";
  createPublicIP: boolean;
  stagingAreaTags: Record<string, string>;
  pitPolicy: PitRule[];
  autoReplicateNewDisks: boolean;
}

/** DRS's default PIT policy: every 10 min for 1 h, hourly for 1 day, daily for 7 days. */
const DEFAULT_PIT: PitRule[] = [
  { ruleID: 1, units: "MINUTE", interval: 10, retentionDuration: 60, enabled: true },
  { ruleID: 2, units: "HOUR", interval: 1, retentionDuration: 24, enabled: true },
  { ruleID: 3, units: "DAY", interval: 1, retentionDuration: 7, enabled: true },
];

/** Kept beside the server records (keyed by them), so a rebuilt world starts fresh. */
const configs = new WeakMap<SourceServerRecord, ReplicationConfigurationRecord>();

/** The configuration if it was ever read or changed (else it is derived again from the server). */
export const savedReplicationConfiguration = (
  server: SourceServerRecord,
): ReplicationConfigurationRecord | undefined => configs.get(server);

export function loadReplicationConfiguration(
  server: SourceServerRecord,
  config: ReplicationConfigurationRecord,
): void {
  configs.set(server, config);
}

function configOf(call: DrsCall, server: SourceServerRecord): ReplicationConfigurationRecord {
  let config = configs.get(server);
  if (!config) {
    config = {
      name: server.hostname,
      stagingAreaSubnetId: call.region.network.subnets[0]?.subnetId ?? "",
      associateDefaultSecurityGroup: true,
      replicationServersSecurityGroupsIDs: [],
      replicationServerInstanceType: "t3.small",
      useDedicatedReplicationServer: false,
      defaultLargeStagingDiskType: "AUTO",
      replicatedDisks: [{ deviceName: "/dev/xvda", isBootDisk: true, stagingDiskType: "AUTO" }],
      ebsEncryption: "DEFAULT",
      bandwidthThrottling: 0,
      dataPlaneRouting: "PRIVATE_IP",
      createPublicIP: false,
      stagingAreaTags: {},
      pitPolicy: DEFAULT_PIT.map((r) => ({ ...r })),
      autoReplicateNewDisks: true,
    };
    configs.set(server, config);
  }
  return config;
}

function serverOf(call: DrsCall): SourceServerRecord {
  const id = requiredString(call.input, "sourceServerID");
  const server = call.region.servers.get(id);
  if (!server) throw notFound(`Source server ${id} not found`, id, "SOURCE_SERVER");
  return server;
}

const oneOf = <T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  field: string,
): T | undefined => {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value))
    throw validation(`${field} must be one of ${allowed.join(", ")}`);
  return value as T;
};

function pitRules(input: unknown): PitRule[] | undefined {
  if (input === undefined) return undefined;
  if (!Array.isArray(input) || input.length === 0 || input.length > 10)
    throw validation("pitPolicy must contain 1 to 10 rules");
  return input.map((raw, i) => {
    if (!isObject(raw)) throw validation("pitPolicy items must be objects");
    const units = oneOf(stringField(raw, "units"), ["MINUTE", "HOUR", "DAY"] as const, "pitPolicy.units");
    const interval = raw.interval;
    const retention = raw.retentionDuration;
    if (
      !units ||
      typeof interval !== "number" ||
      interval < 1 ||
      typeof retention !== "number" ||
      retention < 1
    )
      throw validation("pitPolicy rules need units, interval ≥ 1 and retentionDuration ≥ 1");
    return {
      ruleID: typeof raw.ruleID === "number" ? raw.ruleID : i + 1,
      units,
      interval,
      retentionDuration: retention,
      enabled: booleanField(raw, "enabled") ?? true,
    };
  });
}

/** DRS Get/UpdateReplicationConfiguration over the simulated servers. */
export const REPLICATION_OPERATIONS: Record<string, (call: DrsCall) => DrsResult> = {
  GetReplicationConfiguration(call) {
    const server = serverOf(call);
    return { status: 200, body: { sourceServerID: server.sourceServerID, ...configOf(call, server) } };
  },

  UpdateReplicationConfiguration(call) {
    const server = serverOf(call);
    const config = configOf(call, server);
    const input = call.input;
    const subnet = stringField(input, "stagingAreaSubnetId");
    if (subnet !== undefined) {
      if (!call.region.network.subnets.some((s) => s.subnetId === subnet))
        throw validation(`Invalid stagingAreaSubnetId: subnet ${subnet} does not exist`);
      config.stagingAreaSubnetId = subnet;
    }
    const bandwidth = input.bandwidthThrottling;
    if (bandwidth !== undefined) {
      if (typeof bandwidth !== "number" || !Number.isInteger(bandwidth) || bandwidth < 0)
        throw validation("bandwidthThrottling must be a non-negative integer (Mbps, 0 = unlimited)");
      config.bandwidthThrottling = bandwidth;
    }
    const routing = oneOf(
      stringField(input, "dataPlaneRouting"),
      ["PRIVATE_IP", "PUBLIC_IP"] as const,
      "dataPlaneRouting",
    );
    if (routing) config.dataPlaneRouting = routing;
    const encryption = oneOf(
      stringField(input, "ebsEncryption"),
      ["DEFAULT", "CUSTOM", "NONE"] as const,
      "ebsEncryption",
    );
    if (encryption) config.ebsEncryption = encryption;
    const disk = oneOf(
      stringField(input, "defaultLargeStagingDiskType"),
      ["GP2", "GP3", "ST1", "AUTO"] as const,
      "defaultLargeStagingDiskType",
    );
    if (disk) config.defaultLargeStagingDiskType = disk;
    const type = stringField(input, "replicationServerInstanceType");
    if (type !== undefined) config.replicationServerInstanceType = type;
    for (const flag of [
      "createPublicIP",
      "useDedicatedReplicationServer",
      "associateDefaultSecurityGroup",
      "autoReplicateNewDisks",
    ] as const) {
      const value = booleanField(input, flag);
      if (value !== undefined) config[flag] = value;
    }
    const tags = tagMap(input, "stagingAreaTags");
    if (tags) config.stagingAreaTags = tags;
    const pit = pitRules(input.pitPolicy);
    if (pit) config.pitPolicy = pit;
    return { status: 200, body: { sourceServerID: server.sourceServerID, ...config } };
  },
};
