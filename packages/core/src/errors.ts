/**
 * Domain errors: one small family, each mapped to exactly one HTTP status by the API
 * (see `httpStatusOf`). Adapters wrap lower-level failures with `{ cause }`.
 */
export type ErrorDetails = Record<string, unknown> | unknown[];

/** Base class: a stable machine-readable `code` and optional structured `details`. */
export abstract class DomainError extends Error {
  abstract readonly status: 400 | 401 | 403 | 404 | 409 | 429 | 502 | 503;
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

/** The request is malformed or breaks a domain rule (400). */
export class ValidationError extends DomainError {
  readonly status = 400 as const;
  constructor(message: string, details?: ErrorDetails, code = "VALIDATION_ERROR", options?: ErrorOptions) {
    super(code, message, details, options);
  }
}

/** No credentials, or credentials that do not verify (401). */
export class AuthenticationError extends DomainError {
  readonly status = 401 as const;
  constructor(message = "Authentication required", code = "UNAUTHORIZED") {
    super(code, message);
  }
}

/** The caller's role lacks the permission (403). */
export class ForbiddenError extends DomainError {
  readonly status = 403 as const;
  constructor(message: string, details?: ErrorDetails) {
    super("FORBIDDEN", message, details);
  }
}

/** The addressed record does not exist (404). */
export class NotFoundError extends DomainError {
  readonly status = 404 as const;
  constructor(resource: string, id: string) {
    super("NOT_FOUND", `${resource} '${id}' not found`, { resource, id });
  }
}

/** The write conflicts with the current state: duplicate, in use, stale version (409). */
export class ConflictError extends DomainError {
  readonly status = 409 as const;
}

/** The operation is not allowed in the record's current state, e.g. cancel a finished execution (409). */
export class InvalidStateError extends DomainError {
  readonly status = 409 as const;
}

/** Not enough DRS quota headroom to start (429). */
export class QuotaExceededError extends DomainError {
  readonly status = 429 as const;
}

/** An upstream service (DRS, EC2, STS) failed in a way the caller cannot fix (502). */
export class UpstreamError extends DomainError {
  readonly status = 502 as const;
}

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
export class AwsServiceError extends DomainError {
  readonly status = 502 as const;
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
