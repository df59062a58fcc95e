import { isDomainError } from "@drso/core";
import { type AwsService, classifyAwsError, toAwsServiceError } from "./aws-error-classification";

/**
 * Bounded exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff and
 * Jitter"): attempt n waits a uniform random time in [0, min(maxDelayMs, baseDelayMs·2ⁿ)]. The SDK
 * clients are built with `maxAttempts: 1` so this loop is the only retry and its bound is the total.
 */
export interface RetryPolicy {
  /** Total attempts including the first one. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY = {
  maxAttempts: 8,
  baseDelayMs: 200,
  maxDelayMs: 20_000,
} as const satisfies RetryPolicy;

/** Injected so tests can count retries and skip real waiting. */
export interface RetryEnvironment {
  sleep(ms: number): Promise<void>;
  random(): number;
  onRetry?(info: {
    service: AwsService;
    operation: string;
    attempt: number;
    delayMs: number;
    error: unknown;
  }): void;
  /** After every request (attempt): what the service answered, for the server's metrics. */
  onAttempt?(info: { service: AwsService; operation: string; outcome: "ok" | "throttled" | "error" }): void;
}

export const realRetryEnvironment: RetryEnvironment = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

export const assertValidRetryPolicy = (policy: RetryPolicy): RetryPolicy => {
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1 || policy.maxAttempts > 50) {
    throw new RangeError(`retry.maxAttempts must be an integer in 1..50, got ${policy.maxAttempts}`);
  }
  if (policy.baseDelayMs < 0 || policy.maxDelayMs < policy.baseDelayMs) {
    throw new RangeError("retry delays must satisfy 0 <= baseDelayMs <= maxDelayMs");
  }
  return policy;
};

export const backoffDelayMs = (policy: RetryPolicy, attempt: number, random: () => number): number =>
  Math.floor(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)));

export interface AwsCall<T> {
  service: AwsService;
  operation: string;
  send: () => Promise<T>;
  /**
   * Called before a retry after a failure that may have been applied by the service (5xx, network):
   * a non-idempotent call (StartRecovery) looks for its own effect here and returns it instead of
   * repeating the call. Throttling and conflict are rejections, so they skip this check.
   */
  recover?: () => Promise<T | undefined>;
}

/**
 * Run one AWS call under the policy. Retries throttling, conflict and 5xx/network failures; anything
 * else, or the last failure, is thrown as `AwsServiceError` with the service's message.
 */
export const callWithRetry = async <T>(
  call: AwsCall<T>,
  policy: RetryPolicy,
  env: RetryEnvironment = realRetryEnvironment,
): Promise<T> => {
  for (let attempt = 1; ; attempt++) {
    const { service, operation } = call;
    try {
      const result = await call.send();
      env.onAttempt?.({ service, operation, outcome: "ok" });
      return result;
    } catch (error) {
      if (isDomainError(error)) throw error;
      const { kind, retryable } = classifyAwsError(error);
      env.onAttempt?.({ service, operation, outcome: kind === "throttling" ? "throttled" : "error" });
      if (!retryable || attempt >= policy.maxAttempts) {
        throw toAwsServiceError(call.service, call.operation, error);
      }
      const delayMs = backoffDelayMs(policy, attempt, env.random);
      env.onRetry?.({ service: call.service, operation: call.operation, attempt, delayMs, error });
      await env.sleep(delayMs);
      if (kind === "internal" && call.recover) {
        const recovered = await call.recover();
        if (recovered !== undefined) return recovered;
      }
    }
  }
};
