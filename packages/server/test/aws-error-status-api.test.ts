import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SimulatedApi, startSimulatedApi } from "./support/simulated-aws-deps";

/**
 * DRS refusals the caller can fix answer 4xx with the AWS code and message; failures the caller
 * cannot fix (access denied, DRS down) stay 502. Driven by the simulator's fault injection.
 */
describe("AWS failures → HTTP status", () => {
  let env: SimulatedApi;
  beforeAll(async () => {
    env = await startSimulatedApi();
  });
  afterAll(() => env.close());

  const injectAndGet = async (errorType: string) => {
    await fetch(`${env.sim.endpoint}/_sim/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify([{ service: "drs", operation: "DescribeJobLogItems", errorType, rate: 1 }]),
    });
    try {
      return await env.api.get(
        "/api/drs/job-logs/drsjob-0123456789abcdef0?accountId=111111111111&region=us-east-1",
      );
    } finally {
      await fetch(`${env.sim.endpoint}/_sim/faults`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "[]",
      });
    }
  };

  for (const [errorType, status, code] of [
    ["ValidationException", 400, "AWS_VALIDATION"],
    ["ConflictException", 409, "AWS_CONFLICT"],
    ["ServiceQuotaExceededException", 429, "AWS_QUOTA"],
    ["AccessDeniedException", 502, "AWS_ACCESS_DENIED"],
    ["InternalServerException", 502, "AWS_INTERNAL"],
  ] as const) {
    it(`DRS ${errorType} answers ${status} ${code} with DRS's message`, async () => {
      const res = await injectAndGet(errorType);
      expect(res.status, res.text).toBe(status);
      expect(res.body).toMatchObject({ success: false, error: { code } });
      expect(res.body.error.message).toContain("DescribeJobLogItems");
    });
  }
});
