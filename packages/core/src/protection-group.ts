import { z } from "zod";
import { AccountId, AuditFields, Description, Name, Region, SourceServerId, TagMap, Uuid } from "./common";
import { LaunchSettings } from "./launch-settings";

/** Limits of one protection group: DRS can launch 100 servers per job and 500 across active jobs. */
export const MAX_SERVERS_PER_GROUP = 500;

const GroupFields = {
  groupName: Name,
  description: Description.optional(),
  accountId: AccountId,
  region: Region,
  serverIds: z
    .array(SourceServerId)
    .min(1, "a group needs at least one server")
    .max(MAX_SERVERS_PER_GROUP)
    .optional()
    .meta({ description: "Explicit DRS source server ids (exactly one of serverIds / tagCriteria)" }),
  tagCriteria: TagMap.refine((m) => Object.keys(m).length > 0, "needs at least one tag")
    .optional()
    .meta({ description: "Servers whose DRS tags match all these key/values, resolved at execution start" }),
  launchSettings: LaunchSettings.optional().meta({
    description: "Launch settings defaults applied to the group's servers before StartRecovery",
  }),
};

const exactlyOneSelector = (g: { serverIds?: unknown; tagCriteria?: unknown }, ctx: z.RefinementCtx) => {
  if ((g.serverIds === undefined) === (g.tagCriteria === undefined)) {
    ctx.addIssue({
      code: "custom",
      path: ["serverIds"],
      message: "give exactly one of serverIds or tagCriteria",
    });
  }
};

export const ProtectionGroupInput = z.strictObject(GroupFields).superRefine(exactlyOneSelector);
export type ProtectionGroupInput = z.infer<typeof ProtectionGroupInput>;

export const ProtectionGroupUpdate = z
  .strictObject({ ...GroupFields, version: AuditFields.version })
  .superRefine(exactlyOneSelector);
export type ProtectionGroupUpdate = z.infer<typeof ProtectionGroupUpdate>;

export const ProtectionGroup = z.object({
  groupId: Uuid,
  ...GroupFields,
  serverCount: z.int().min(0).meta({ description: "Explicit servers, or the tag matches at last resolve" }),
  ...AuditFields,
});
export type ProtectionGroup = z.infer<typeof ProtectionGroup>;

/** `POST /protection-groups/resolve`: preview which servers a tag selector matches. */
export const ResolveTagsRequest = z.strictObject({
  accountId: AccountId,
  region: Region,
  tagCriteria: GroupFields.tagCriteria.unwrap(),
});
export type ResolveTagsRequest = z.infer<typeof ResolveTagsRequest>;
