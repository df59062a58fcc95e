import { z } from "zod";
import { AccountId, AuditFields, IsoDate, Name, Region } from "./common";

const AccountFields = {
  accountName: Name,
  roleArn: z
    .string()
    .regex(/^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, "must be an IAM role ARN")
    .meta({ description: "Cross-account role the orchestrator assumes in this account" }),
  externalId: z.string().min(2).max(1224).optional(),
  regions: z.array(Region).min(1).max(32),
};

export const TargetAccountInput = z.strictObject({ accountId: AccountId, ...AccountFields });
export type TargetAccountInput = z.infer<typeof TargetAccountInput>;

export const TargetAccountUpdate = z.strictObject({ ...AccountFields, version: AuditFields.version });
export type TargetAccountUpdate = z.infer<typeof TargetAccountUpdate>;

export const TargetAccount = z.object({
  accountId: AccountId,
  ...AccountFields,
  validated: z.boolean(),
  lastValidated: IsoDate.optional(),
  validationMessage: z.string().optional(),
  ...AuditFields,
});
export type TargetAccount = z.infer<typeof TargetAccount>;
