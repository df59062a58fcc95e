import { ThrottlingException, ValidationException } from "@aws-sdk/client-drs";
import { AwsServiceError, NotFoundError } from "@drso/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backoffDelayMs, callWithRetry, type RetryEnvironment, type RetryPolicy } from "../src/retry-policy";

const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000 };
const recordingEnv = () => {
  const sleeps: number[] = [];
  const env: RetryEnvironment = { sleep: async (ms) => void sleeps.push(ms), random: () => 0.999 };
  return { env, sleeps };
};
const throttled = () =>
  new ThrottlingException({ message: "Rate exceeded", $metadata: { httpStatusCode: 429 } });
const serverError = () =>
  Object.assign(new Error("Internal"), {
    name: "InternalServerException",
    $metadata: { httpStatusCode: 500 },
  });

describe("callWithRetry", () => {
  it("retries throttling until the call succeeds, backing off exponentially", async () => {
    const { env, sleeps } = recordingEnv();
    let calls = 0;
    const result = await callWithRetry(
      {
        service: "drs",
        operation: "DescribeJobs",
        send: async () => {
          calls++;
          if (calls < 3) throw throttled();
          return "ok";
        },
      },
      policy,
      env,
    );
    expect(result).toBe("ok");
    expect(calls).toBe(3);
    expect(sleeps).toEqual([99, 199]);
  });

  it("reports each attempt's outcome: throttled, error (5xx or refused) and ok", async () => {
    const outcomes: string[] = [];
    const env: RetryEnvironment = {
      ...recordingEnv().env,
      onAttempt: ({ service, operation, outcome }) =>
        void outcomes.push(`${service} ${operation} ${outcome}`),
    };
    const failures = [throttled(), serverError()];
    await callWithRetry(
      {
        service: "drs",
        operation: "StartRecovery",
        send: async () => {
          const failure = failures.shift();
          if (failure) throw failure;
          return "ok";
        },
      },
      policy,
      env,
    );
    const refused = () => {
      throw new ValidationException({ message: "bad", $metadata: { httpStatusCode: 400 } });
    };
    await expect(
      callWithRetry({ service: "ec2", operation: "DescribeSubnets", send: refused }, policy, env),
    ).rejects.toThrow();
    expect(outcomes).toEqual([
      "drs StartRecovery throttled",
      "drs StartRecovery error",
      "drs StartRecovery ok",
      "ec2 DescribeSubnets error",
    ]);
  });

  it("gives up after maxAttempts and surfaces a throttling AwsServiceError", async () => {
    const { env } = recordingEnv();
    let calls = 0;
    const failing = callWithRetry(
      {
        service: "drs",
        operation: "DescribeJobs",
        send: async () => {
          calls++;
          throw throttled();
        },
      },
      policy,
      env,
    );
    await expect(failing).rejects.toMatchObject({
      kind: "throttling",
      message: "drs:DescribeJobs: Rate exceeded",
    });
    expect(calls).toBe(policy.maxAttempts);
  });

  it("does not retry a validation error", async () => {
    const { env } = recordingEnv();
    let calls = 0;
    const failing = callWithRetry(
      {
        service: "drs",
        operation: "StartRecovery",
        send: async () => {
          calls++;
          throw new ValidationException({ message: "bad", $metadata: { httpStatusCode: 400 } });
        },
      },
      policy,
      env,
    );
    await expect(failing).rejects.toBeInstanceOf(AwsServiceError);
    expect(calls).toBe(1);
  });

  it("passes domain errors through untouched", async () => {
    const { env } = recordingEnv();
    const missing = new NotFoundError("Target account", "333333333333");
    await expect(
      callWithRetry(
        { service: "sts", operation: "AssumeRole", send: () => Promise.reject(missing) },
        policy,
        env,
      ),
    ).rejects.toBe(missing);
  });

  it("after a 5xx asks recover() first, so a non-idempotent call is not repeated once it took effect", async () => {
    const { env } = recordingEnv();
    let sends = 0;
    const result = await callWithRetry(
      {
        service: "drs",
        operation: "StartRecovery",
        send: async () => {
          sends++;
          throw serverError();
        },
        recover: async () => "job-from-tags",
      },
      policy,
      env,
    );
    expect(result).toBe("job-from-tags");
    expect(sends).toBe(1);
  });

  it("never waits longer than maxDelayMs nor below zero (full jitter)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0, max: 0.9999999, noNaN: true }),
        (attempt, r) => {
          const delay = backoffDelayMs(policy, attempt, () => r);
          return delay >= 0 && delay <= policy.maxDelayMs;
        },
      ),
    );
  });
});
