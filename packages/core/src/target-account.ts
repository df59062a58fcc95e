import { z } from "zod";
import { AccountId, AuditFields, IsoDate, Name, Region } from "./common";
import { hasPermission, type Role } from "./permissions";

/**
 * What roles without drs:ManageAccounts see instead of an ExternalId: with the role ARN it is all
 * a confused deputy needs to assume the cross-account role.
 */
export const EXTERNAL_ID_MASK = "****************";

const AccountFields = {
  accountName: Name,
  roleArn: z
    .string()
    .regex(/^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, "must be an IAM role ARN")
    .meta({ description: "Cross-account role the orchestrator assumes in this account" }),
  externalId: z
    .string()
    .min(2)
    .max(1224)
    .refine(
      (v) => v !== EXTERNAL_ID_MASK,
      "is the mask shown to roles without ManageAccounts; send the ExternalId",
    )
    .optional(),
  regions: z.array(Region).min(1).max(32),
};

export const TargetAccountInput = z.strictObject({ accountId: AccountId, ...AccountFields });
export type TargetAccountInput = z.infer<typeof TargetAccountInput>;

export const TargetAccountUpdate = z.strictObject({ ...AccountFields, version: AuditFields.version });
export type TargetAccountUpdate = z.infer<typeof TargetAccountUpdate>;

/**
 * A partial update (`PATCH`): only the fields sent change. The version is still required, so an
 * edit made from a stale read is refused like a full replacement.
 */
export const TargetAccountPatch = z
  .strictObject({
    accountName: AccountFields.accountName.optional(),
    roleArn: AccountFields.roleArn.optional(),
    externalId: AccountFields.externalId,
    regions: AccountFields.regions.optional(),
    version: AuditFields.version,
  })
  .refine((p) => Object.keys(p).some((k) => k !== "version"), "names no field to change");
export type TargetAccountPatch = z.infer<typeof TargetAccountPatch>;

export const TargetAccount = z.object({
  accountId: AccountId,
  ...AccountFields,
  validated: z.boolean(),
  lastValidated: IsoDate.optional(),
  validationMessage: z.string().optional(),
  ...AuditFields,
});
export type TargetAccount = z.infer<typeof TargetAccount>;

/** The account as `roles` may see it: the ExternalId masked unless they may manage accounts. */
export const targetAccountFor = <T extends { externalId?: string }>(account: T, roles: readonly Role[]): T =>
  account.externalId === undefined || hasPermission(roles, "drs:ManageAccounts")
    ? account
    : { ...account, externalId: EXTERNAL_ID_MASK };
