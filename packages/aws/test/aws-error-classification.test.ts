import {
  AccessDeniedException,
  ConflictException,
  InternalServerException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ThrottlingException,
  UninitializedAccountException,
  ValidationException,
} from "@aws-sdk/client-drs";
import { AwsServiceError } from "@drso/core";
import { describe, expect, it } from "vitest";
import { classifyAwsError, toAwsServiceError } from "../src/aws-error-classification";

const meta = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });

describe("AWS error classification", () => {
  it.each([
    [new ThrottlingException({ message: "Rate exceeded", ...meta(429) }), "throttling", true],
    [new InternalServerException({ message: "boom", ...meta(500), retryAfterSeconds: 1 }), "internal", true],
    [new ConflictException({ message: "Server in job", ...meta(409) }), "conflict", true],
    [new ValidationException({ message: "bad id", ...meta(400) }), "validation", false],
    [new UninitializedAccountException({ message: "init DRS", ...meta(400) }), "uninitialized", false],
    [new AccessDeniedException({ message: "denied", ...meta(403) }), "access-denied", false],
    [new ResourceNotFoundException({ message: "no job", ...meta(404) }), "not-found", false],
    [new ServiceQuotaExceededException({ message: "too many", ...meta(402) }), "quota", false],
  ])("classifies the DRS SDK exception %s", (error, kind, retryable) => {
    expect(classifyAwsError(error)).toEqual({ kind, retryable });
  });

  it.each([
    ["RequestLimitExceeded", 503, "throttling", true],
    ["InvalidInstanceID.NotFound", 400, "not-found", false],
    ["UnauthorizedOperation", 403, "access-denied", false],
    ["AccessDenied", 403, "access-denied", false],
    ["InvalidParameterValue", 400, "validation", false],
    ["InstanceLimitExceeded", 400, "quota", false],
    ["Unavailable", 503, "internal", true],
  ])("classifies the EC2/STS error code %s", (name, status, kind, retryable) => {
    const error = Object.assign(new Error("x"), { name, ...meta(status) });
    expect(classifyAwsError(error)).toEqual({ kind, retryable });
  });

  it("does not retry when no credentials can be found", () => {
    const missing = Object.assign(new Error("Could not load credentials from any providers"), {
      name: "CredentialsProviderError",
    });
    expect(classifyAwsError(missing)).toEqual({ kind: "access-denied", retryable: false });
  });

  it("retries transport failures that carry no HTTP status", () => {
    const reset = Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
    expect(classifyAwsError(reset)).toEqual({ kind: "internal", retryable: true });
  });

  it("surfaces the service's message and keeps the SDK error as cause", () => {
    const sdk = new ValidationException({ message: "Invalid source server ID s-123", ...meta(400) });
    const error = toAwsServiceError("drs", "StartRecovery", sdk);
    expect(error).toBeInstanceOf(AwsServiceError);
    expect(error.kind).toBe("validation");
    expect(error.code).toBe("AWS_VALIDATION");
    expect(error.message).toBe("drs:StartRecovery: Invalid source server ID s-123");
    expect(error.cause).toBe(sdk);
  });
});
