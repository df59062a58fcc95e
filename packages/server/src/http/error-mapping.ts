import {
  AuthenticationError,
  type AwsErrorKind,
  AwsServiceError,
  ConflictError,
  type DomainError,
  ForbiddenError,
  InvalidStateError,
  isDomainError,
  NotFoundError,
  QuotaExceededError,
  TooManyLoginAttemptsError,
  UpstreamError,
  ValidationError,
} from "@drso/core";
import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Logger } from "pino";
import { fail } from "./envelope";

/** zod issues as `{path, message}` with dotted field paths (`waves.0.waveNumber`). */
export const fieldErrors = (error: z.ZodError) =>
  error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message, code: i.code }));

export function validationMessage(error: z.ZodError): string {
  const first = error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? `${i.path.map(String).join(".")}: ` : ""}${i.message}`);
  return `Invalid request: ${first.join("; ")}${error.issues.length > 3 ? ` (+${error.issues.length - 3} more)` : ""}`;
}

/**
 * DRS/EC2 refusals caused by what the caller sent (an id DRS does not know, a value it rejects, a
 * resource in a conflicting state, a quota) are the client's to fix: 4xx, not 502. Access denied,
 * throttling and internal failures stay 502 — the orchestrator's role or AWS must change, not the
 * request.
 */
const AWS_CLIENT_FAULT_STATUS: Partial<Record<AwsErrorKind, ContentfulStatusCode>> = {
  validation: 400,
  "not-found": 404,
  conflict: 409,
  quota: 429,
};

function awsClientFaultStatus(err: unknown): ContentfulStatusCode | undefined {
  if (!(err instanceof AwsServiceError) || (err.service !== "drs" && err.service !== "ec2")) return undefined;
  return AWS_CLIENT_FAULT_STATUS[err.kind];
}

/**
 * The HTTP status of each family of domain errors (core's errors know nothing about HTTP). Checked
 * in order, so a subclass (e.g. `StaleVersionError`) answers as its family (`ConflictError`).
 */
const DOMAIN_ERROR_STATUS: readonly [abstract new (...args: never[]) => DomainError, ContentfulStatusCode][] =
  [
    [ValidationError, 400],
    [AuthenticationError, 401],
    [ForbiddenError, 403],
    [NotFoundError, 404],
    [ConflictError, 409],
    [InvalidStateError, 409],
    [QuotaExceededError, 429],
    [TooManyLoginAttemptsError, 429],
    [UpstreamError, 502],
  ];

export function httpStatusOf(err: DomainError): ContentfulStatusCode {
  const clientStatus = awsClientFaultStatus(err);
  if (clientStatus !== undefined) return clientStatus;
  return DOMAIN_ERROR_STATUS.find(([type]) => err instanceof type)?.[1] ?? 500;
}

/**
 * The one place where failures become HTTP answers (docs/architecture.md, "A request's path"):
 * domain errors answer with their family's status (`httpStatusOf`), zod errors are 400 with field paths, hono's own 4xx (malformed JSON, body too large) keep their
 * status, anything else is a 500 that is logged and does not leak internals.
 */
export function errorResponse(err: unknown, c: Context, logger: Logger): Response {
  if (isDomainError(err)) {
    const status = httpStatusOf(err);
    if (status === 401 || status === 403) {
      // Refused credentials and permissions are an operator's first sign of probing: logged with
      // what was refused and who asked, never the credentials.
      const actor = (c.var as { actor?: { username: string } }).actor?.username;
      logger.warn(
        { status, code: err.code, method: c.req.method, path: c.req.path, ...(actor ? { actor } : {}) },
        "request refused",
      );
    }
    if (err instanceof TooManyLoginAttemptsError) c.header("retry-after", String(err.retryAfterSeconds));
    return c.json(fail(err.code, err.message, err.details), status);
  }
  if (err instanceof z.ZodError) {
    return c.json(fail("VALIDATION_ERROR", validationMessage(err), { fields: fieldErrors(err) }), 400);
  }
  if (err instanceof HTTPException && err.status < 500) {
    const code =
      err.status === 413
        ? "PAYLOAD_TOO_LARGE"
        : err.status === 415
          ? "UNSUPPORTED_MEDIA_TYPE"
          : /json/i.test(err.message)
            ? "MALFORMED_JSON"
            : "BAD_REQUEST";
    return c.json(fail(code, err.message || "Bad request"), err.status as ContentfulStatusCode);
  }
  logger.error({ err, method: c.req.method, path: c.req.path }, "unhandled error");
  return c.json(fail("INTERNAL_ERROR", "Internal server error"), 500);
}
