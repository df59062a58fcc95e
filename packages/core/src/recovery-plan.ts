import { z } from "zod";
import { AuditFields, Description, Name, Uuid } from "./common";
import { freeText } from "./free-text";

export const MAX_WAVES = 100;
export const ON_FAILURE = ["STOP", "CONTINUE"] as const;
/** How long a wave may run when its plan does not say. */
export const DEFAULT_MAX_WAVE_MINUTES = 120;

export const Wave = z.strictObject({
  waveNumber: z.int().min(1).max(10_000),
  waveName: freeText(z.string().trim().min(1).max(128)).optional(),
  protectionGroupIds: z.array(Uuid).min(1, "a wave needs at least one protection group").max(100),
  dependsOnWaves: z.array(z.int().min(1).max(10_000)).max(MAX_WAVES).optional().meta({
    description:
      "Waves that must finish first. Omitted: the previous wave by number (sequential). []: none (starts at once).",
  }),
  pauseBeforeWave: z.boolean().default(false),
  waitTimeSeconds: z.int().min(0).max(86_400).optional(),
  onFailure: z.enum(ON_FAILURE).default("STOP"),
  maxWaveMinutes: z
    .int()
    .min(1)
    .max(10_080)
    .optional()
    .meta({
      description: `A wave still unfinished this long after it started fails its unfinished servers (default ${DEFAULT_MAX_WAVE_MINUTES}).`,
    }),
});
export type Wave = z.infer<typeof Wave>;

const PlanFields = {
  planName: Name,
  description: Description.optional(),
  waves: z.array(Wave).min(1, "a plan needs at least one wave").max(MAX_WAVES),
  rtoTargetMinutes: z.int().min(1).max(10_080).optional(),
};

export const RecoveryPlanInput = z.strictObject(PlanFields);
export type RecoveryPlanInput = z.infer<typeof RecoveryPlanInput>;

export const RecoveryPlanUpdate = z.strictObject({ ...PlanFields, version: AuditFields.version });
export type RecoveryPlanUpdate = z.infer<typeof RecoveryPlanUpdate>;

export const RecoveryPlan = z.object({
  planId: Uuid,
  ...PlanFields,
  ...AuditFields,
  lastExecutionId: z.string().optional(),
  lastExecutionStatus: z.string().optional(),
});
export type RecoveryPlan = z.infer<typeof RecoveryPlan>;
