import { z } from "zod";
import { ValidationError } from "./errors";

/**
 * How DRS launches one source server: the DRS launch configuration
 * (GetLaunchConfiguration/UpdateLaunchConfiguration) plus the fields of the EC2 launch
 * template DRS keeps per server. Every field is optional so the same schema describes a
 * partial update and a protection group's defaults.
 */
export const LAUNCH_DISPOSITIONS = ["STOPPED", "STARTED"] as const;
export const RIGHT_SIZING_METHODS = ["NONE", "BASIC", "IN_AWS"] as const;

export const DrsLaunchConfiguration = z.strictObject({
  launchDisposition: z.enum(LAUNCH_DISPOSITIONS).optional(),
  targetInstanceTypeRightSizingMethod: z.enum(RIGHT_SIZING_METHODS).optional(),
  copyPrivateIp: z.boolean().optional(),
  copyTags: z.boolean().optional(),
  licensing: z.strictObject({ osByol: z.boolean() }).optional(),
  postLaunchEnabled: z.boolean().optional(),
});
export type DrsLaunchConfiguration = z.infer<typeof DrsLaunchConfiguration>;

const Ipv4 = z.ipv4();
export const LaunchTemplateSettings = z.strictObject({
  subnetId: z
    .string()
    .regex(/^subnet-[0-9a-f]{8,17}$/, "must be a subnet id")
    .optional(),
  securityGroupIds: z
    .array(z.string().regex(/^sg-[0-9a-f]{8,17}$/, "must be a security group id"))
    .max(5, "at most 5 security groups")
    .optional(),
  instanceType: z
    .string()
    .regex(/^[a-z0-9-]+\.[a-z0-9-]+$/, "must be an EC2 instance type such as t3.medium")
    .optional(),
  iamInstanceProfileName: z.string().min(1).max(128).optional(),
  privateIpAddress: Ipv4.optional(),
});
export type LaunchTemplateSettings = z.infer<typeof LaunchTemplateSettings>;

export const LaunchSettings = z.strictObject({
  launchConfiguration: DrsLaunchConfiguration.optional(),
  launchTemplate: LaunchTemplateSettings.optional(),
});
export type LaunchSettings = z.infer<typeof LaunchSettings>;

/** What a server's launch settings currently are, as read from DRS + EC2. */
export interface ServerLaunchSettings {
  sourceServerId: string;
  launchTemplateId?: string;
  launchConfiguration: Required<Omit<DrsLaunchConfiguration, "licensing">> & {
    licensing: { osByol: boolean };
  };
  launchTemplate: LaunchTemplateSettings;
}

/** The EC2 facts of one account-region that launch settings must agree with. */
export interface LaunchInventory {
  subnets: ReadonlyArray<{ subnetId: string; vpcId: string }>;
  securityGroups: ReadonlyArray<{ groupId: string; vpcId?: string }>;
  instanceTypes: ReadonlyArray<string>;
}

const invalid = (field: string, message: string): ValidationError =>
  new ValidationError(message, { field }, "INVALID_LAUNCH_SETTINGS");

/**
 * Checks settings against the target account-region before anything is applied, so a bad
 * value fails the request instead of a recovery launch hours later. Throws a
 * `ValidationError` whose `details.field` names the offending field.
 */
export function validateLaunchSettings(settings: LaunchSettings, inventory: LaunchInventory): void {
  const t = settings.launchTemplate;
  if (!t) return;
  let subnetVpc: string | undefined;
  if (t.subnetId !== undefined) {
    const subnet = inventory.subnets.find((s) => s.subnetId === t.subnetId);
    if (!subnet)
      throw invalid("launchTemplate.subnetId", `subnet ${t.subnetId} does not exist in the region`);
    subnetVpc = subnet.vpcId;
  }
  if (t.instanceType !== undefined && !inventory.instanceTypes.includes(t.instanceType)) {
    throw invalid(
      "launchTemplate.instanceType",
      `instance type ${t.instanceType} is not offered in the region`,
    );
  }
  for (const [i, sgId] of (t.securityGroupIds ?? []).entries()) {
    const sg = inventory.securityGroups.find((g) => g.groupId === sgId);
    const field = `launchTemplate.securityGroupIds.${i}`;
    if (!sg) throw invalid(field, `security group ${sgId} does not exist in the region`);
    // Without a subnet the first group fixes the VPC: a network interface lives in one VPC.
    if (subnetVpc === undefined && i > 0) {
      const first = t.securityGroupIds?.[0];
      const firstVpc = inventory.securityGroups.find((g) => g.groupId === first)?.vpcId;
      if (sg.vpcId !== firstVpc)
        throw invalid(field, `security group ${sgId} is in ${sg.vpcId ?? "no VPC"}, ${first} in ${firstVpc}`);
    }
    if (subnetVpc !== undefined && sg.vpcId !== subnetVpc) {
      throw invalid(
        field,
        `security group ${sgId} is in ${sg.vpcId ?? "no VPC"}, the subnet in ${subnetVpc}`,
      );
    }
  }
}

/**
 * `settings` with the subnet and security groups the server's template has once they are applied:
 * a change of only one of the two keeps the other from the current template (read only then), and
 * the pair must share a VPC, so validate this rather than `settings` alone.
 */
export async function withResultingNetwork(
  settings: LaunchSettings,
  currentTemplate: () => Promise<LaunchTemplateSettings>,
): Promise<LaunchSettings> {
  const t = settings.launchTemplate;
  if (!t || (t.subnetId === undefined) === (t.securityGroupIds === undefined)) return settings;
  const current = await currentTemplate();
  return {
    ...settings,
    launchTemplate: {
      ...t,
      subnetId: t.subnetId ?? current.subnetId,
      securityGroupIds: t.securityGroupIds ?? current.securityGroupIds,
    },
  };
}

/**
 * The fields of `wanted` that differ from `current`: what applying a group's defaults
 * changes on one server (recorded as an execution event), empty when nothing changes.
 */
export function launchSettingsChanges(
  current: ServerLaunchSettings,
  wanted: LaunchSettings,
): Array<{ field: string; from: unknown; to: unknown }> {
  const changes: Array<{ field: string; from: unknown; to: unknown }> = [];
  const compare = (
    prefix: string,
    have: Record<string, unknown>,
    want: Record<string, unknown> | undefined,
  ) => {
    for (const [key, to] of Object.entries(want ?? {})) {
      if (to === undefined) continue;
      const from = have[key];
      if (JSON.stringify(from) !== JSON.stringify(to)) changes.push({ field: `${prefix}.${key}`, from, to });
    }
  };
  compare("launchConfiguration", current.launchConfiguration, wanted.launchConfiguration);
  compare("launchTemplate", current.launchTemplate, wanted.launchTemplate);
  return changes;
}

/** Reads and writes a server's launch settings in DRS + EC2 (adapters implement it). */
export interface LaunchSettingsPort {
  getLaunchSettings(accountId: string, region: string, serverId: string): Promise<ServerLaunchSettings>;
  /** Applies only the given fields; the EC2 part becomes a new default template version. */
  updateLaunchSettings(
    accountId: string,
    region: string,
    serverId: string,
    settings: LaunchSettings,
  ): Promise<ServerLaunchSettings>;
}
