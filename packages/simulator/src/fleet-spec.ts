import { DrsQuotas, REPLICATION_STATES } from "@drso/core";
import { z } from "zod";

/**
 * What the simulated world contains: accounts → regions → DRS source servers. `POST /_sim/fleet`
 * takes this shape (validated here, once), `demoFleet()` builds the default one.
 */
export const ServerSpec = z.strictObject({
  /** `s-` + 17 hex; derived from account/region/hostname when absent, so ids are stable across restarts. */
  sourceServerID: z
    .string()
    .regex(/^s-[0-9a-f]{17}$/, "sourceServerID must be 's-' followed by 17 hex digits")
    .optional(),
  hostname: z.string().min(1).max(255),
  tags: z.record(z.string(), z.string()).default({}),
  /** EC2 tags of the replicated source instance (read by tag sync); default: the same as `tags`. */
  sourceInstanceTags: z.record(z.string(), z.string()).optional(),
  replicationState: z.enum(REPLICATION_STATES).default("CONTINUOUS"),
  /** Chance (0–1) that a launch of this server fails in the LAUNCH phase. */
  launchFailureProbability: z.number().min(0).max(1).default(0),
  /** Recommended EC2 instance type of the recovery instance. */
  instanceType: z.string().default("m5.large"),
  os: z.string().default("Amazon Linux 2"),
});
export type ServerSpec = z.input<typeof ServerSpec>;

export const RegionSpec = z.strictObject({
  region: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, "region must look like us-east-1"),
  /** An uninitialized region answers every DRS call with UninitializedAccountException. */
  initialized: z.boolean().default(true),
  /**
   * VPCs besides the recovery VPC, by name; each gets one subnet and one security group. Lets
   * launch settings pair a subnet with a security group of another VPC, which EC2 refuses.
   */
  extraVpcs: z
    .array(z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, "VPC names are lowercase letters, digits and -"))
    .max(4)
    .refine((names) => new Set(names).size === names.length, "VPC names must be unique")
    .default([]),
  servers: z.array(ServerSpec).default([]),
});
export type RegionSpec = z.input<typeof RegionSpec>;

export const AccountSpec = z.strictObject({
  accountId: z.string().regex(/^\d{12}$/, "accountId must be 12 digits"),
  name: z.string().optional(),
  /** The IAM role other accounts assume (STS AssumeRole) to act in this account. */
  crossAccountRole: z
    .strictObject({ roleName: z.string().min(1), externalId: z.string().min(2).optional() })
    .optional(),
  /** Per-account overrides of the DRS service quotas (AWS defaults otherwise). */
  quotas: DrsQuotas.partial().optional(),
  regions: z.array(RegionSpec).min(1),
});
export type AccountSpec = z.input<typeof AccountSpec>;

export const FleetSpec = z
  .strictObject({
    /** The account the home credentials (`SIMULATOR_CREDENTIALS`) act in; the first account by default. */
    homeAccountId: z.string().optional(),
    accounts: z.array(AccountSpec).min(1),
  })
  .superRefine((fleet, ctx) => {
    const ids = fleet.accounts.map((a) => a.accountId);
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: "custom", message: "duplicate accountId" });
    if (fleet.homeAccountId !== undefined && !ids.includes(fleet.homeAccountId))
      ctx.addIssue({ code: "custom", message: `homeAccountId ${fleet.homeAccountId} is not in accounts` });
  });
/** The fleet as callers write it (defaults optional). */
export type FleetSpec = z.input<typeof FleetSpec>;
/** The fleet with every default applied. */
export type ParsedFleetSpec = z.output<typeof FleetSpec>;

export const FAULT_SERVICES = ["drs", "ec2", "sts", "iam", "sns"] as const;
export type FaultService = (typeof FAULT_SERVICES)[number];

export const FaultSpec = z.strictObject({
  /** Limit the fault to one service; all services when absent. */
  service: z.enum(FAULT_SERVICES).optional(),
  /** API operation name (`StartRecovery`, `DescribeInstanceStatus`, `AssumeRole`) or `*`. */
  operation: z.string().min(1),
  /** DRS exception name (e.g. `ThrottlingException`); translated to the EC2/STS equivalent there. */
  errorType: z.string().min(1),
  rate: z.number().min(0).max(1),
  /** Extra latency added to every matching call, whether or not it fails. */
  latencyMs: z.number().int().min(0).max(60_000).optional(),
});
export type FaultSpec = z.input<typeof FaultSpec>;
export const FaultList = z.array(FaultSpec);
