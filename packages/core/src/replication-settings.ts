import { z } from "zod";
import { TagMap } from "./common";
import { ValidationError } from "./errors";
import type { LaunchInventory } from "./launch-settings";

/** One DRS point-in-time rule: a snapshot every `interval` `units`, kept `retentionDuration` units. */
export const PitRule = z.strictObject({
  ruleID: z.int().min(1).optional(),
  units: z.enum(["MINUTE", "HOUR", "DAY"]),
  interval: z.int().min(1),
  retentionDuration: z.int().min(1),
  enabled: z.boolean().default(true),
});
export type PitRule = z.infer<typeof PitRule>;

/**
 * How DRS replicates one source server (Get/UpdateReplicationConfiguration). Every field is
 * optional: a PUT changes only what it names.
 */
export const ReplicationSettings = z.strictObject({
  stagingAreaSubnetId: z
    .string()
    .regex(/^subnet-[0-9a-f]{8,17}$/, "must be a subnet id")
    .optional(),
  bandwidthThrottling: z.int().min(0).max(10_000).optional().meta({ description: "Mbps; 0 = unlimited" }),
  dataPlaneRouting: z.enum(["PRIVATE_IP", "PUBLIC_IP"]).optional(),
  createPublicIP: z.boolean().optional(),
  ebsEncryption: z.enum(["DEFAULT", "CUSTOM", "NONE"]).optional(),
  defaultLargeStagingDiskType: z.enum(["GP2", "GP3", "ST1", "AUTO"]).optional(),
  replicationServerInstanceType: z
    .string()
    .regex(/^[a-z0-9-]+\.[a-z0-9-]+$/, "must be an EC2 instance type")
    .optional(),
  useDedicatedReplicationServer: z.boolean().optional(),
  stagingAreaTags: TagMap.optional(),
  pitPolicy: z
    .array(PitRule)
    .min(1)
    .max(10)
    .refine((rules) => rules.some((r) => r.enabled), "at least one rule must be enabled")
    .optional(),
});
export type ReplicationSettings = z.infer<typeof ReplicationSettings>;

/** A server's replication settings as read from DRS. */
export type ServerReplicationSettings = ReplicationSettings & { sourceServerId: string };

/** Checks the staging subnet and replication server type against the region before any write. */
export function validateReplicationSettings(
  settings: ReplicationSettings,
  inventory: Pick<LaunchInventory, "subnets" | "instanceTypes">,
): void {
  const subnet = settings.stagingAreaSubnetId;
  if (subnet !== undefined && !inventory.subnets.some((s) => s.subnetId === subnet))
    throw new ValidationError(
      `subnet ${subnet} does not exist in the region`,
      { field: "stagingAreaSubnetId" },
      "INVALID_REPLICATION_SETTINGS",
    );
  const type = settings.replicationServerInstanceType;
  if (type !== undefined && !inventory.instanceTypes.includes(type))
    throw new ValidationError(
      `instance type ${type} is not offered in the region`,
      { field: "replicationServerInstanceType" },
      "INVALID_REPLICATION_SETTINGS",
    );
}

/** Reads and writes a server's replication settings in DRS (adapters implement it). */
export interface ReplicationSettingsPort {
  getReplicationSettings(
    accountId: string,
    region: string,
    serverId: string,
  ): Promise<ServerReplicationSettings>;
  updateReplicationSettings(
    accountId: string,
    region: string,
    serverId: string,
    settings: ReplicationSettings,
  ): Promise<ServerReplicationSettings>;
}
