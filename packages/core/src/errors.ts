import type { ServerConflict } from "./execution/execution";

/**
 * Domain errors: one small family. Each class names a situation, carries a stable machine-readable
 * `code`, a message a user can act on, structured `details` and, where it helps, the record it is
 * about. They know nothing about HTTP: the server maps each class to a status in one place
 * (`packages/server/src/http/error-mapping.ts`). Adapters translate storage and AWS failures into
 * these errors and keep the lower-level failure as `{ cause }`.
 * See docs/architecture.md, "Where the rules live".
 */
export type ErrorDetails = Record<string, unknown> | unknown[];

/** Base class: a stable machine-readable `code` and optional structured `details`. */
export abstract class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: ErrorDetails,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

const plural = (n: number, word: string) => (n === 1 ? word : `${word}s`);

// ---------- the request ----------

/** The request is malformed or breaks a domain rule. */
export class ValidationError extends DomainError {
  constructor(message: string, details?: ErrorDetails, code = "VALIDATION_ERROR", options?: ErrorOptions) {
    super(code, message, details, options);
  }
}

/** A recovery plan names protection groups that do not exist (or were deleted meanwhile). */
export class UnknownProtectionGroupError extends ValidationError {
  constructor(
    readonly protectionGroupIds: readonly string[],
    options?: ErrorOptions,
  ) {
    super(
      `Unknown ${plural(protectionGroupIds.length, "protection group")}: ${protectionGroupIds.join(", ")}`,
      { protectionGroupIds: [...protectionGroupIds] },
      "UNKNOWN_PROTECTION_GROUP",
      options,
    );
  }
}

/** No credentials, or credentials that do not verify. */
export class AuthenticationError extends DomainError {
  constructor(message = "Authentication required", code = "UNAUTHORIZED") {
    super(code, message);
  }
}

/** The caller's role lacks the permission. */
export class ForbiddenError extends DomainError {
  constructor(message: string, details?: ErrorDetails) {
    super("FORBIDDEN", message, details);
  }
}

/** Repeated failed logins from one client: it must wait before trying again. */
export class TooManyLoginAttemptsError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super("TOO_MANY_LOGIN_ATTEMPTS", `Too many failed logins; try again in ${retryAfterSeconds} s`, {
      retryAfterSeconds,
    });
  }
}

// ---------- the records ----------

/** The addressed record does not exist. */
export class NotFoundError extends DomainError {
  constructor(resource: string, id: string) {
    super("NOT_FOUND", `${resource} '${id}' not found`, { resource, id });
  }
}

/** The write conflicts with the current state of the records (the family of the classes below). */
export class ConflictError extends DomainError {}

/** Optimistic locking: the record changed since the caller read it (`kind` e.g. "Protection group"). */
export class StaleVersionError extends ConflictError {
  constructor(
    readonly kind: string,
    readonly id: string,
    readonly expectedVersion: number,
    readonly currentVersion: number,
    options?: ErrorOptions,
  ) {
    super(
      "VERSION_CONFLICT",
      `${kind} '${id}' was changed by someone else (you sent version ${expectedVersion}, current is ${currentVersion}); reload and retry`,
      { id, expectedVersion, currentVersion },
      options,
    );
  }
}

/** Names are unique per kind, compared trimmed and case-insensitively (`nameKey`). */
export class DuplicateNameError extends ConflictError {
  constructor(
    /** Lower-case kind as it reads in a sentence: "protection group", "recovery plan". */
    readonly kind: string,
    name: string,
    readonly existingId?: string,
    options?: ErrorOptions,
  ) {
    super(
      "DUPLICATE_NAME",
      `A ${kind} named '${name.trim()}' already exists`,
      { name: name.trim(), ...(existingId !== undefined ? { existingId } : {}) },
      options,
    );
  }
}

/** A record with this id already exists (`kind` e.g. "Execution"). */
export class DuplicateIdError extends ConflictError {
  constructor(
    readonly kind: string,
    readonly id: string,
    options?: ErrorOptions,
  ) {
    super("DUPLICATE_ID", `${kind} '${id}' already exists`, { id }, options);
  }
}

/** A target account is registered once. */
export class DuplicateAccountError extends ConflictError {
  constructor(
    readonly accountId: string,
    options?: ErrorOptions,
  ) {
    super("DUPLICATE_ACCOUNT", `Target account ${accountId} is already registered`, { accountId }, options);
  }
}

/** A source server held by another protection group (`groupName` unknown while a claim is in flight). */
export interface GroupServerConflict {
  serverId: string;
  groupId?: string;
  groupName?: string;
}

/** A source server belongs to at most one protection group. */
export class ServerInOtherGroupError extends ConflictError {
  constructor(
    readonly conflicts: readonly GroupServerConflict[],
    options?: ErrorOptions,
  ) {
    const known = conflicts.filter((c) => c.groupName !== undefined);
    const ids = conflicts.map((c) => c.serverId).join(", ");
    const groups = [...new Set(known.map((c) => `'${c.groupName}'`))].join(", ");
    super(
      "SERVER_IN_OTHER_GROUP",
      known.length === conflicts.length
        ? `${plural(conflicts.length, "Server")} ${ids} already ${conflicts.length === 1 ? "belongs" : "belong"} to protection group ${groups}`
        : `${plural(conflicts.length, "Server")} ${ids} ${conflicts.length === 1 ? "is" : "are"} being claimed by another protection group change (${[
            ...new Set(conflicts.map((c) => c.groupId ?? "unknown")),
          ].join(", ")}); retry`,
      { conflicts: conflicts.map((c) => ({ ...c })) },
      options,
    );
  }
}

/** A recovery plan that uses a protection group, named in `GroupInUseError`. */
export interface PlanReference {
  planId: string;
  planName: string;
}

/** A protection group cannot be deleted while recovery plans use it. */
export class GroupInUseError extends ConflictError {
  constructor(
    readonly groupId: string,
    readonly plans: readonly PlanReference[],
    options?: ErrorOptions,
  ) {
    super(
      "GROUP_IN_USE",
      `Protection group is used by ${plural(plans.length, "recovery plan")} ${plans.map((p) => `'${p.planName}'`).join(", ")}`,
      { plans: plans.map((p) => ({ ...p })) },
      options,
    );
  }
}

/** A source server two protection groups of one plan resolve to (tag groups resolved at that moment). */
export interface ServerInTwoWaves {
  serverId: string;
  hostname?: string;
  groups: { groupId: string; groupName?: string; waveNumber: number }[];
}

/** A plan would recover a server twice (once per group): refused rather than silently de-duplicated. */
export class ServerInTwoWavesError extends ConflictError {
  constructor(
    readonly servers: readonly ServerInTwoWaves[],
    options?: ErrorOptions,
  ) {
    const first = servers[0];
    const named = (g: ServerInTwoWaves["groups"][number]) =>
      `'${g.groupName ?? g.groupId}' (wave ${g.waveNumber})`;
    super(
      "SERVER_IN_TWO_WAVES",
      `${plural(servers.length, "server")} of this plan ${servers.length === 1 ? "is" : "are"} in two protection groups: ${first?.hostname ?? first?.serverId} (${first?.serverId}) in ${first?.groups.map(named).join(" and ")}${servers.length > 1 ? `, and ${servers.length - 1} more` : ""}. Remove it from one of them.`,
      { servers: servers.map((x) => ({ ...x, groups: x.groups.map((g) => ({ ...g })) })) },
      options,
    );
  }
}

/** Two writers changed the same records at once (a transaction was cancelled); retrying helps. */
export class ConcurrentWriteError extends ConflictError {
  constructor(message: string, details?: ErrorDetails, options?: ErrorOptions) {
    super("CONCURRENT_WRITE", message, details, options);
  }
}

// ---------- executions ----------

/** The operation is not allowed in the record's current state, e.g. cancel a finished execution. */
export class InvalidStateError extends DomainError {}

/** Two active executions never recover the same source server. */
export class ServerInActiveExecutionError extends ConflictError {
  constructor(
    readonly conflicts: readonly ServerConflict[],
    options?: ErrorOptions,
  ) {
    super(
      "SERVER_IN_ACTIVE_EXECUTION",
      `${conflicts.length} server(s) of this plan are in another active execution (${[
        ...new Set(conflicts.map((c) => c.executionId)),
      ].join(", ")})`,
      { conflicts: [...conflicts] },
      options,
    );
  }
}

/** The execution was deleted while the runner was appending to it. */
export class ExecutionGoneError extends ConflictError {
  constructor(
    readonly executionId: string,
    options?: ErrorOptions,
  ) {
    super("EXECUTION_GONE", `Execution ${executionId} no longer exists`, undefined, options);
  }
}

/** Another writer appended events since this one read the execution: reload and decide again. */
export class ExecutionChangedError extends ConflictError {
  constructor(
    readonly executionId: string,
    readonly expectedEvents: number,
    readonly currentEvents: number,
    options?: ErrorOptions,
  ) {
    super(
      "EXECUTION_CHANGED",
      `Execution ${executionId} advanced meanwhile (read ${expectedEvents} events, now ${currentEvents}); reload and decide again`,
      { executionId, expectedEvents, currentEvents },
      options,
    );
  }
}

/** Not enough DRS quota headroom to start. */
export class QuotaExceededError extends DomainError {}

// ---------- upstream ----------

/** An upstream service (DRS, EC2, STS) or adapter is unavailable in a way the caller cannot fix. */
export class UpstreamError extends DomainError {}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;

/** How an AWS service failure should be handled; the adapters classify, the engine decides. */
export const AWS_ERROR_KINDS = [
  "throttling",
  "conflict",
  "validation",
  "uninitialized",
  "access-denied",
  "not-found",
  "quota",
  "internal",
] as const;
export type AwsErrorKind = (typeof AWS_ERROR_KINDS)[number];

/** A DRS/EC2/STS call failed after the adapter's own retries; `kind` says what kind of failure. */
export class AwsServiceError extends UpstreamError {
  constructor(
    readonly kind: AwsErrorKind,
    readonly service: "drs" | "ec2" | "sts" | "sns" | "iam",
    readonly operation: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(
      `AWS_${kind.toUpperCase().replace("-", "_")}`,
      `${service}:${operation}: ${message}`,
      { kind, service, operation },
      options,
    );
  }
}
