import { type AwsErrorKind, AwsServiceError } from "@drso/core";

/**
 * The one place where AWS failures are classified. SDK v3 raises service exceptions named after the
 * service's error code (`ThrottlingException`, `InvalidInstanceID.NotFound`, `AccessDenied`) with
 * `$metadata.httpStatusCode`; network failures arrive as plain Node errors. Everything else in the
 * package asks `classifyAwsError` and lets `AwsServiceError.kind` carry the answer to the engine.
 */
export type AwsService = AwsServiceError["service"];

/** What the retry loop does with a failure: try again (after backoff) or surface it. */
export interface AwsErrorClassification {
  kind: AwsErrorKind;
  retryable: boolean;
}

interface SdkErrorShape {
  name?: unknown;
  code?: unknown;
  Code?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: number };
  $fault?: unknown;
}

const THROTTLING_CODES = new Set([
  "ThrottlingException",
  "Throttling",
  "ThrottledException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "TooManyRequestsException",
  "ProvisionedThroughputExceededException",
  "SlowDown",
  "PriorRequestNotComplete",
  "EC2ThrottledException",
]);

const INTERNAL_CODES = new Set([
  "InternalServerException",
  "InternalServerError",
  "InternalError",
  "InternalFailure",
  "ServiceUnavailable",
  "ServiceUnavailableException",
  "ServiceFailure",
  "Unavailable",
  "RequestTimeout",
  "RequestTimeoutException",
  "TimeoutError",
]);

/** Transport failures: the request may not have reached the service, so trying again is safe. */
const NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
]);

const ACCESS_DENIED_CODES = new Set([
  "AccessDeniedException",
  "AccessDenied",
  "UnauthorizedOperation",
  "UnrecognizedClientException",
  "InvalidClientTokenId",
  "ExpiredToken",
  "ExpiredTokenException",
  "AuthFailure",
  "SignatureDoesNotMatch",
  "IncompleteSignature",
  "MissingAuthenticationToken",
  "OptInRequired",
  "RegionDisabledException",
  // No credentials at all (AWS mode without a role or profile): retrying cannot help.
  "CredentialsProviderError",
]);

const QUOTA_CODES = new Set([
  "ServiceQuotaExceededException",
  "LimitExceeded",
  "LimitExceededException",
  "InstanceLimitExceeded",
  "VcpuLimitExceeded",
]);

const NOT_FOUND_CODES = new Set(["ResourceNotFoundException", "NoSuchEntity", "NotFoundException"]);

const codeOf = (e: SdkErrorShape): string => {
  for (const candidate of [e.name, e.code, e.Code]) {
    if (typeof candidate === "string" && candidate !== "Error") return candidate;
  }
  return "Error";
};

const statusOf = (e: SdkErrorShape): number | undefined => e.$metadata?.httpStatusCode;

/** Classify any thrown value from an SDK call. Unknown failures count as internal and are retried. */
export const classifyAwsError = (error: unknown): AwsErrorClassification => {
  if (error instanceof AwsServiceError) return { kind: error.kind, retryable: false };
  const e: SdkErrorShape = typeof error === "object" && error !== null ? (error as SdkErrorShape) : {};
  const code = codeOf(e);
  const status = statusOf(e);
  if (THROTTLING_CODES.has(code) || status === 429) return { kind: "throttling", retryable: true };
  if (code === "ConflictException" || status === 409) return { kind: "conflict", retryable: true };
  if (code === "UninitializedAccountException") return { kind: "uninitialized", retryable: false };
  if (QUOTA_CODES.has(code) || status === 402) return { kind: "quota", retryable: false };
  if (ACCESS_DENIED_CODES.has(code) || status === 403 || status === 401) {
    return { kind: "access-denied", retryable: false };
  }
  if (NOT_FOUND_CODES.has(code) || code.endsWith(".NotFound") || status === 404) {
    return { kind: "not-found", retryable: false };
  }
  if (INTERNAL_CODES.has(code) || NETWORK_CODES.has(code) || (status !== undefined && status >= 500)) {
    return { kind: "internal", retryable: true };
  }
  if (status !== undefined && status >= 400) return { kind: "validation", retryable: false };
  if (e.$fault === "client") return { kind: "validation", retryable: false };
  // No HTTP status at all: a transport failure (socket closed, DNS, timeout) — safe to try again.
  return { kind: "internal", retryable: true };
};

/** The service's own message (DRS puts it in the JSON `message`), falling back to the error code. */
export const awsErrorMessage = (error: unknown): string => {
  if (error instanceof Error && error.message) return error.message;
  if (typeof error === "object" && error !== null) {
    const e = error as SdkErrorShape;
    if (typeof e.message === "string" && e.message) return e.message;
    return codeOf(e);
  }
  return String(error);
};

/** Wrap a failure that remains after retries as the domain's `AwsServiceError`, keeping the cause. */
export const toAwsServiceError = (
  service: AwsService,
  operation: string,
  error: unknown,
): AwsServiceError => {
  if (error instanceof AwsServiceError) return error;
  const { kind } = classifyAwsError(error);
  return new AwsServiceError(kind, service, operation, awsErrorMessage(error), { cause: error });
};
