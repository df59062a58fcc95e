import { z } from "zod";
import { freeText } from "./free-text";

/** Building blocks shared by the resource schemas. Limits keep every request bounded. */
export const AccountId = z.string().regex(/^\d{12}$/, "must be a 12-digit AWS account id");
export const Region = z
  .string()
  .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, "must be an AWS region such as us-east-1");
export const SourceServerId = z
  .string()
  .regex(/^s-[0-9a-f]{17}$/, "must be a DRS source server id (s- and 17 hex digits)");
export const Name = freeText(
  z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(128, "must be at most 128 characters")
    .regex(/^[\w .:/=+@-]+$/, "may contain letters, digits, spaces and _ . : / = + @ -"),
);
/**
 * Names of protection groups and recovery plans are unique per kind, compared trimmed and
 * case-insensitively: this is the key both stores index and the plan document checks.
 */
export const nameKey = (name: string): string => name.trim().toLowerCase();
export const Description = freeText(z.string().max(1024, "must be at most 1024 characters"), {
  multiline: true,
});
export const TagKey = freeText(z.string().min(1).max(128));
export const TagValue = freeText(z.string().max(256));
export const TagMap = z
  .record(TagKey, TagValue)
  .refine((m) => Object.keys(m).length <= 50, "at most 50 tags");
export const Version = z.int().min(1).meta({ description: "Optimistic concurrency: the version you read" });
export const IsoDate = z.iso.datetime();
export const Uuid = z.uuid();

/** Fields every stored record carries. */
export const AuditFields = {
  version: Version,
  createdDate: IsoDate,
  lastModifiedDate: IsoDate,
  createdBy: z.string(),
  lastModifiedBy: z.string(),
};

export const PageRequest = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  nextToken: z.string().max(2048).optional(),
});
export type PageRequest = z.infer<typeof PageRequest>;
export interface Page<T> {
  items: T[];
  nextToken?: string;
}
