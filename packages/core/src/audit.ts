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
    | "source-server";
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
