/**
 * DRS error types with the HTTP status DRS answers them with. The SDK picks the exception class
 * from the `x-amzn-ErrorType` header, so these names must be exact.
 */
export const DRS_ERROR_STATUS = {
  ValidationException: 400,
  UninitializedAccountException: 400,
  ServiceQuotaExceededException: 402,
  AccessDeniedException: 403,
  ResourceNotFoundException: 404,
  ConflictException: 409,
  ThrottlingException: 429,
  InternalServerException: 500,
} as const;
export type DrsErrorType = keyof typeof DRS_ERROR_STATUS;

export const isDrsErrorType = (name: string): name is DrsErrorType => Object.hasOwn(DRS_ERROR_STATUS, name);

/** A DRS API failure; `fields` are the extra members the real error carries (resourceId, quotaCode...). */
export class DrsError extends Error {
  readonly status: number;
  constructor(
    readonly type: DrsErrorType | "ExpiredTokenException" | "UnrecognizedClientException",
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = "DrsError";
    this.status = isDrsErrorType(type) ? DRS_ERROR_STATUS[type] : 403;
  }
}

export const validation = (message: string, reason = "fieldValidationFailed"): DrsError =>
  new DrsError("ValidationException", message, { code: "ValidationException", reason });

export const notFound = (message: string, resourceId: string, resourceType: string): DrsError =>
  new DrsError("ResourceNotFoundException", message, {
    code: "ResourceNotFoundException",
    resourceId,
    resourceType,
  });

export const conflict = (message: string, resourceId: string, resourceType: string): DrsError =>
  new DrsError("ConflictException", message, { code: "ConflictException", resourceId, resourceType });

/** Stable codes the simulator reports for the quotas it enforces (its own, not Service Quotas codes). */
export const QUOTA_CODES = {
  maxServersPerJob: "L-3BA8AE4F",
  maxConcurrentJobs: "L-D4B4E62A",
  maxServersInActiveJobs: "L-D9A1E0C5",
  maxRecoveryInstances: "L-7D3E3D5F",
  maxReplicatingServers: "L-C1D14A2B",
} as const;

export const quotaExceeded = (
  message: string,
  quota: keyof typeof QUOTA_CODES,
  resourceType: string,
): DrsError =>
  new DrsError("ServiceQuotaExceededException", message, {
    code: "ServiceQuotaExceededException",
    quotaCode: QUOTA_CODES[quota],
    serviceCode: "drs",
    resourceType,
  });
