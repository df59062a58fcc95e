import { DescribeSourceServersCommand, DrsServiceException } from "@aws-sdk/client-drs";
import { DescribeSubnetsCommand } from "@aws-sdk/client-ec2";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSServiceException } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CROSS_ACCOUNT_ROLE_NAME,
  DEMO_EXTERNAL_ID,
  type RunningSimulator,
  startSimulator,
  TARGET_ACCOUNT_ID,
} from "../src/index";
import { sdkClients } from "./sdk-clients";

const TARGET_ROLE = `arn:aws:iam::${TARGET_ACCOUNT_ID}:role/${CROSS_ACCOUNT_ROLE_NAME}`;

describe("cross-account access through STS AssumeRole", () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 9 });
  });
  afterAll(() => sim.close());

  it("the home credentials act in account 111111111111", async () => {
    const identity = await sdkClients(sim).sts.send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe("111111111111");
    expect(identity.Arn).toMatch(/^arn:aws:iam::111111111111:/);
  });

  it("with the right ExternalId, returns credentials that act in the target account", async () => {
    const { sts } = sdkClients(sim);
    const assumed = await sts.send(
      new AssumeRoleCommand({
        RoleArn: TARGET_ROLE,
        RoleSessionName: "drso-validate",
        ExternalId: DEMO_EXTERNAL_ID,
      }),
    );
    expect(assumed.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
    expect(assumed.Credentials?.Expiration?.getTime()).toBeGreaterThan(Date.now());
    expect(assumed.AssumedRoleUser?.Arn).toBe(
      `arn:aws:sts::${TARGET_ACCOUNT_ID}:assumed-role/${CROSS_ACCOUNT_ROLE_NAME}/drso-validate`,
    );
    const credentials = {
      accessKeyId: assumed.Credentials?.AccessKeyId ?? "",
      secretAccessKey: assumed.Credentials?.SecretAccessKey ?? "",
      sessionToken: assumed.Credentials?.SessionToken ?? "",
    };
    const target = sdkClients(sim, "us-west-2", { credentials });
    expect((await target.sts.send(new GetCallerIdentityCommand({}))).Account).toBe(TARGET_ACCOUNT_ID);
    const servers = (await target.drs.send(new DescribeSourceServersCommand({}))).items ?? [];
    expect(servers.length).toBeGreaterThan(0);
    expect(servers.every((s) => s.arn?.startsWith(`arn:aws:drs:us-west-2:${TARGET_ACCOUNT_ID}:`))).toBe(true);
    const subnets = (await target.ec2.send(new DescribeSubnetsCommand({}))).Subnets ?? [];
    expect(subnets.every((s) => s.OwnerId === TARGET_ACCOUNT_ID)).toBe(true);
  });

  it.each([
    ["without an ExternalId", undefined],
    ["with a wrong ExternalId", "not-the-external-id"],
  ])("refuses %s with AccessDenied (403)", async (_, externalId) => {
    const error = await sdkClients(sim)
      .sts.send(
        new AssumeRoleCommand({
          RoleArn: TARGET_ROLE,
          RoleSessionName: "drso-validate",
          ...(externalId !== undefined && { ExternalId: externalId }),
        }),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(STSServiceException);
    expect((error as STSServiceException).name).toBe("AccessDenied");
    expect((error as STSServiceException).$metadata.httpStatusCode).toBe(403);
    expect((error as STSServiceException).message).toContain("is not authorized to perform: sts:AssumeRole");
  });

  it("refuses a role that does not exist in the target account", async () => {
    const error = await sdkClients(sim)
      .sts.send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${TARGET_ACCOUNT_ID}:role/SomeOtherRole`,
          RoleSessionName: "x1",
          ExternalId: DEMO_EXTERNAL_ID,
        }),
      )
      .catch((e: unknown) => e);
    expect((error as STSServiceException).name).toBe("AccessDenied");
  });

  it("assumed credentials stop working when they expire", async () => {
    const assumed = await sdkClients(sim).sts.send(
      new AssumeRoleCommand({
        RoleArn: TARGET_ROLE,
        RoleSessionName: "short",
        ExternalId: DEMO_EXTERNAL_ID,
        DurationSeconds: 900,
      }),
    );
    const credentials = {
      accessKeyId: assumed.Credentials?.AccessKeyId ?? "",
      secretAccessKey: assumed.Credentials?.SecretAccessKey ?? "",
      sessionToken: assumed.Credentials?.SessionToken ?? "",
    };
    const target = sdkClients(sim, "us-east-1", { credentials, maxAttempts: 1 });
    await expect(target.drs.send(new DescribeSourceServersCommand({}))).resolves.toBeDefined();
    sim.control.advanceTime(901_000);
    const error = await target.drs.send(new DescribeSourceServersCommand({})).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DrsServiceException);
    expect((error as DrsServiceException).name).toBe("ExpiredTokenException");
    expect((error as DrsServiceException).$metadata.httpStatusCode).toBe(403);
  });
});
