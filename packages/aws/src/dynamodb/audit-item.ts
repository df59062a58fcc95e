import type { AuditEntry } from "@drso/core";
import { PARTITION } from "./config-keys";
import type { GuardedWrite } from "./dynamodb-transaction";

/**
 * The audit entry as a write of the same transaction as the change it records. Sorted newest
 * first by the time it was written; the entry's own timestamp and id keep keys unique.
 */
export const auditWrite = (auditTable: string, entry: AuditEntry): GuardedWrite => ({
  item: {
    Put: {
      TableName: auditTable,
      Item: {
        pk: PARTITION.audit,
        sk: `${new Date().toISOString()}#${entry.timestamp}#${entry.auditId}`,
        resourceId: entry.resourceId,
        doc: JSON.stringify(entry),
      },
    },
  },
});
