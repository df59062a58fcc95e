import { AwsServiceError } from "@drso/core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  EXTERNAL_ID,
  HOME,
  type SimulatedAws,
  servers,
  simulatedAws,
  TARGET,
  TARGET_ROLE_ARN,
  targetAccount,
  twoAccountFleet,
} from "./support/simulated-aws";

const fleet = twoAccountFleet(
  [
    { region: "us-east-1", servers: servers(3) },
    { region: "eu-west-1", initialized: false, servers: [] },
  ],
  [{ region: "us-east-1", servers: servers(2, "t") }],
);

describe("AWS errors surfaced by the adapters", () => {
  let aws: SimulatedAws;
  beforeAll(async () => {
    aws = await simulatedAws(fleet, { retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 } });
  });
  afterEach(() => aws.sim.control.setFaults([]));
  afterAll(() => aws.close());

  it.each([
    ["ValidationException", "validation"],
    ["AccessDeniedException", "access-denied"],
    ["ResourceNotFoundException", "not-found"],
    ["ServiceQuotaExceededException", "quota"],
    ["UninitializedAccountException", "uninitialized"],
  ])("a DRS %s is not retried and surfaces as AwsServiceError kind %s", async (errorType, kind) => {
    aws.sim.control.setFaults([{ service: "drs", operation: "DescribeSourceServers", errorType, rate: 1 }]);
    const error = await aws.adapters.catalog.listSourceServers(HOME, "us-east-1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsServiceError);
    expect(error).toMatchObject({ kind, service: "drs", operation: "DescribeSourceServers" });
    expect((error as AwsServiceError).message).toMatch(/^drs:DescribeSourceServers: .+/);
  });

  it("gives up on throttling after the bounded number of attempts", async () => {
    aws.sim.control.setFaults([
      { service: "drs", operation: "DescribeJobs", errorType: "ThrottlingException", rate: 1 },
    ]);
    const error = await aws.adapters.launcher
      .describeJobs(HOME, "us-east-1", ["drsjob-0123456789abcdef0"])
      .catch((e) => e);
    expect(error).toMatchObject({ kind: "throttling", operation: "DescribeJobs" });
  });

  it("gives up on a call that never answers in time instead of hanging", async () => {
    const slow = await simulatedAws(fleet, {
      requestTimeoutMs: 100,
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
    });
    try {
      slow.sim.control.setFaults([
        {
          service: "drs",
          operation: "DescribeSourceServers",
          errorType: "ThrottlingException",
          rate: 0,
          latencyMs: 1000,
        },
      ]);
      const error = await slow.adapters.catalog.listSourceServers(HOME, "us-east-1").catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: "internal", operation: "DescribeSourceServers" });
    } finally {
      await slow.close();
    }
  });

  it("surfaces DRS's own message for a region where DRS is not initialized", async () => {
    const error = await aws.adapters.catalog.listSourceServers(HOME, "eu-west-1").catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "uninitialized" });
  });

  it("refuses a recovery of unknown servers with DRS's validation message", async () => {
    const error = await aws.adapters.launcher
      .startRecovery({
        executionId: "e",
        batchId: "b",
        accountId: HOME,
        region: "us-east-1",
        isDrill: true,
        servers: [{ serverId: "s-00000000000000000" }],
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsServiceError);
    expect((error as AwsServiceError).kind).toMatch(/validation|not-found/);
    expect((error as AwsServiceError).message).toContain("s-00000000000000000");
  });

  it("surfaces DRS's quota refusal as a quota error, naming the limit", async () => {
    const limited = await simulatedAws({
      accounts: [
        {
          accountId: HOME,
          quotas: { maxServersPerJob: 2 },
          regions: [{ region: "us-east-1", servers: servers(3) }],
        },
      ],
    });
    try {
      const fleet3 = await limited.adapters.catalog.listSourceServers(HOME, "us-east-1");
      const error = await limited.adapters.launcher
        .startRecovery({
          executionId: "e",
          batchId: "quota",
          accountId: HOME,
          region: "us-east-1",
          isDrill: true,
          servers: fleet3.map((x) => ({ serverId: x.serverId })),
        })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AwsServiceError);
      expect(error).toMatchObject({ kind: "quota", code: "AWS_QUOTA" });
      expect((error as AwsServiceError).message).toContain("2 source servers per job");
    } finally {
      await limited.close();
    }
  });

  it("reports a job log request for an unknown job as not-found", async () => {
    const error = await aws.adapters.launcher
      .getJobLogItems(HOME, "us-east-1", "drsjob-00000000000000000")
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "not-found" });
  });

  it("leaves unknown EC2 instance ids out of a health report instead of failing it", async () => {
    const health = await aws.adapters.health.describeInstanceHealth(HOME, "us-east-1", [
      "i-0123456789abcdef0",
    ]);
    expect(health).toEqual([]);
  });

  describe("cross-account access", () => {
    it("validates the target account's role with the right ExternalId", async () => {
      const result = await aws.adapters.accountAccess.validate({
        accountId: TARGET,
        roleArn: TARGET_ROLE_ARN,
        externalId: EXTERNAL_ID,
        region: "us-east-1",
      });
      expect(result.ok).toBe(true);
      expect(result.assumedRoleArn).toContain(TARGET);
    });

    it.each([
      ["a wrong ExternalId", "wrong-external-id"],
      ["no ExternalId", undefined],
    ])("refuses %s naming the ExternalId, with STS's access-denied message", async (_, externalId) => {
      const result = await aws.adapters.accountAccess.validate({
        accountId: TARGET,
        roleArn: TARGET_ROLE_ARN,
        externalId,
        region: "us-east-1",
      });
      expect(result.ok).toBe(false);
      expect(result.message).toMatch(
        /^AssumeRole refused: check the ExternalId, and that arn:aws:iam::\d{12}:role\/\S+ exists and trusts this account \(sts:AssumeRole: .+\)$/,
      );
    });

    it("makes every call in an account whose ExternalId is wrong fail as access-denied", async () => {
      const wrong = await simulatedAws(fleet, {
        targetAccounts: async () => [targetAccount({ externalId: "wrong-external-id" })],
      });
      try {
        const error = await wrong.adapters.catalog
          .listSourceServers(TARGET, "us-east-1")
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(AwsServiceError);
        expect(error).toMatchObject({ kind: "access-denied", service: "sts", operation: "AssumeRole" });
      } finally {
        await wrong.close();
      }
    });

    it("refuses an account that is neither home nor a configured target", async () => {
      const error = await aws.adapters.catalog
        .listSourceServers("333333333333", "us-east-1")
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "NOT_FOUND" });
    });
  });
});
