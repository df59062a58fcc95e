/** Static or temporary credentials (structurally the SDK's `AwsCredentialIdentity`). */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** Where the SDK clients point: `endpoint` set → the simulator; unset → real AWS endpoints. */
export interface AwsEdge {
  endpoint?: string;
  /** Home-account credentials; unset → the SDK's default credential chain (AWS mode). */
  credentials?: AwsCredentials;
  /** Per-request time limit; default `REQUEST_TIMEOUT_MS`. */
  requestTimeoutMs?: number;
}

/** A call that gets no answer within this time fails (and is retried like a 5xx): no call hangs forever. */
export const REQUEST_TIMEOUT_MS = 30_000;
export const CONNECTION_TIMEOUT_MS = 5_000;

/**
 * The configuration every SDK client of this package is built with: the edge's endpoint (the
 * simulator, or none for AWS), `maxAttempts: 1` because `callWithRetry` is the only retry loop,
 * and bounded connection/request times.
 */
export const sdkClientConfig = (
  edge: AwsEdge,
  region: string,
  credentials: AwsCredentials | (() => Promise<AwsCredentials>) | undefined,
) => ({
  region,
  endpoint: edge.endpoint,
  credentials,
  maxAttempts: 1,
  requestHandler: {
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    requestTimeout: edge.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
  },
});
