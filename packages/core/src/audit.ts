/** One audit entry per mutation: who did what to which record, and when. */
export interface AuditEntry {
  auditId: string;
  timestamp: string;
  actor: string;
  action: string;
  resourceType:
    | "protection-group"
    | "recovery-plan"
    | "target-account"
    | "settings"
    | "user"
    | "api-key"
    | "execution"
    | "configuration"
    | "source-server"
    | "notification";
  resourceId: string;
  beforeVersion?: number;
  afterVersion?: number;
  details?: Record<string, unknown>;
}

/** The authenticated caller, passed to every use case. */
export interface Actor {
  username: string;
  roles: import("./permissions").Role[];
}

/** One field an audited change touched, with its values before and after (the launch-settings shape). */
export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

/** Fields every stored record carries for bookkeeping: an entry's versions and actor say them. */
export const BOOKKEEPING_FIELDS = [
  "version",
  "createdDate",
  "createdBy",
  "lastModifiedDate",
  "lastModifiedBy",
];

/** What an audit entry shows instead of a secret's value: that it changed, never what to. */
export const REDACTED = "(redacted)";
const SECRET_KEY = /secret|password|token|externalid/i;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * The leaf fields that differ between two versions of a record, as dotted paths
 * (`notifications.webhooks.0.url`). Objects and arrays of objects are compared field by field;
 * other arrays as a whole. Values under secret-looking keys (secret, password, token, ExternalId)
 * appear as {@link REDACTED}; `ignore` names top-level bookkeeping fields (version, timestamps).
 */
export function fieldChanges(before: unknown, after: unknown, ignore: readonly string[] = []): FieldChange[] {
  const changes: FieldChange[] = [];
  const walk = (path: string, from: unknown, to: unknown, secret: boolean) => {
    const objects = (isRecord(from) || from === undefined) && (isRecord(to) || to === undefined);
    const objectArrays =
      Array.isArray(from) && Array.isArray(to) && [...from, ...to].some((x) => isRecord(x));
    if ((objects && (from !== undefined || to !== undefined)) || objectArrays) {
      const keys = objectArrays
        ? Array.from({ length: Math.max((from as unknown[]).length, (to as unknown[]).length) }, (_, i) =>
            String(i),
          )
        : [...new Set([...Object.keys(from ?? {}), ...Object.keys(to ?? {})])];
      for (const key of keys) {
        if (path === "" && ignore.includes(key)) continue;
        const pick = (v: unknown) => (v as Record<string, unknown> | undefined)?.[key];
        walk(path ? `${path}.${key}` : key, pick(from), pick(to), secret || SECRET_KEY.test(key));
      }
      return;
    }
    if (JSON.stringify(from) === JSON.stringify(to)) return;
    const shown = (v: unknown) => (secret && v !== undefined ? REDACTED : v);
    changes.push({ field: path, from: shown(from), to: shown(to) });
  };
  walk("", before, after, false);
  return changes;
}
