import { randomUUID } from "node:crypto";
import type { AuditEntry } from "@drso/core";

/** Builds the audit entry that a store write persists in the same transaction. */
export function auditEntry(
  actor: string,
  action: string,
  resourceType: AuditEntry["resourceType"],
  resourceId: string,
  versions: { before?: number; after?: number } = {},
  details?: Record<string, unknown>,
  now: Date = new Date(),
): AuditEntry {
  return {
    auditId: randomUUID(),
    timestamp: now.toISOString(),
    actor,
    action,
    resourceType,
    resourceId,
    ...(versions.before !== undefined ? { beforeVersion: versions.before } : {}),
    ...(versions.after !== undefined ? { afterVersion: versions.after } : {}),
    ...(details ? { details } : {}),
  };
}
