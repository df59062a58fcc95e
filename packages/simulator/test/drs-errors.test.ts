import {
  AccessDeniedException,
  ConflictException,
  DescribeJobsCommand,
  DescribeSourceServersCommand,
  type DrsServiceException,
  GetLaunchConfigurationCommand,
  InternalServerException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  StartRecoveryCommand,
  ThrottlingException,
  UninitializedAccountException,
  ValidationException,
} from "@aws-sdk/client-drs";
import { DescribeInstancesCommand, EC2ServiceException } from "@aws-sdk/client-ec2";
import { GetCallerIdentityCommand, STSServiceException } from "@aws-sdk/client-sts";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type RunningSimulator, startSimulator } from "../src/index";
import { sdkClients } from "./sdk-clients";

describe("DRS errors reach the SDK as its named exception classes", () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 3 });
  });
  afterAll(() => sim.close());
  afterEach(() => sim.control.reset());

  // One attempt: the SDK would otherwise retry throttling and 5xx itself.
  const clients = (region = "us-east-1") => sdkClients(sim, region, { maxAttempts: 1 });
  const serverIds = async (count: number) =>
    ((await clients().drs.send(new DescribeSourceServersCommand({}))).items ?? [])
      .filter((s) => s.dataReplicationInfo?.dataReplicationState === "CONTINUOUS")
      .slice(0, count)
      .map((s) => ({ sourceServerID: s.sourceServerID ?? "" }));

  it.each([
    ["ThrottlingException", ThrottlingException, 429],
    ["InternalServerException", InternalServerException, 500],
    ["AccessDeniedException", AccessDeniedException, 403],
  ] as const)("injected %s → %s with status %i", async (errorType, ErrorClass, status) => {
    sim.control.setFaults([{ service: "drs", operation: "DescribeJobs", errorType, rate: 1 }]);
    const error = await clients()
      .drs.send(new DescribeJobsCommand({}))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ErrorClass);
    expect((error as DrsServiceException).$metadata.httpStatusCode).toBe(status);
    // The fault is limited to its operation.
    await expect(clients().drs.send(new DescribeSourceServersCommand({}))).resolves.toBeDefined();
  });

  it("ValidationException (400) for more than 200 servers in one StartRecovery", async () => {
    const sourceServers = Array.from({ length: 201 }, (_, i) => ({
      sourceServerID: `s-${i.toString(16).padStart(17, "0")}`,
    }));
    const error = await clients()
      .drs.send(new StartRecoveryCommand({ sourceServers }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as ValidationException).message).toMatch(/at most 200/);
    expect((error as ValidationException).$metadata.httpStatusCode).toBe(400);
  });

  it("ValidationException for a maxResults out of range and for a forged nextToken", async () => {
    const { drs } = clients();
    await expect(drs.send(new DescribeJobsCommand({ maxResults: 0 }))).rejects.toBeInstanceOf(
      ValidationException,
    );
    await expect(
      drs.send(new DescribeSourceServersCommand({ nextToken: "bm90LWEtdG9rZW4" })),
    ).rejects.toBeInstanceOf(ValidationException);
  });

  it("ResourceNotFoundException (404) naming an unknown source server", async () => {
    const error = await clients()
      .drs.send(new GetLaunchConfigurationCommand({ sourceServerID: "s-0123456789abcdef0" }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect((error as ResourceNotFoundException).resourceId).toBe("s-0123456789abcdef0");
    expect((error as ResourceNotFoundException).$metadata.httpStatusCode).toBe(404);
  });

  it("ConflictException (409) when a server is already in an active job", async () => {
    const { drs } = clients();
    const [server] = await serverIds(1);
    await drs.send(
      new StartRecoveryCommand({ isDrill: true, sourceServers: [server ?? { sourceServerID: "" }] }),
    );
    const error = await drs
      .send(new StartRecoveryCommand({ isDrill: true, sourceServers: [server ?? { sourceServerID: "" }] }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictException);
    expect((error as ConflictException).resourceId).toBe(server?.sourceServerID);
    expect((error as ConflictException).$metadata.httpStatusCode).toBe(409);
  });

  it("ServiceQuotaExceededException (402) for 101 servers in one job", async () => {
    sim.control.setFleet({
      accounts: [
        {
          accountId: "111111111111",
          regions: [
            { region: "us-east-1", servers: Array.from({ length: 101 }, (_, i) => ({ hostname: `h${i}` })) },
          ],
        },
      ],
    });
    const { drs } = clients();
    const all = (await drs.send(new DescribeSourceServersCommand({ maxResults: 200 }))).items ?? [];
    const error = await drs
      .send(
        new StartRecoveryCommand({
          sourceServers: all.map((s) => ({ sourceServerID: s.sourceServerID ?? "" })),
        }),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceQuotaExceededException);
    expect((error as ServiceQuotaExceededException).serviceCode).toBe("drs");
    expect((error as ServiceQuotaExceededException).$metadata.httpStatusCode).toBe(402);
  });

  it("UninitializedAccountException (400) in a region where DRS was never initialized", async () => {
    const error = await clients("eu-west-1")
      .drs.send(new DescribeSourceServersCommand({}))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UninitializedAccountException);
    expect((error as UninitializedAccountException).$metadata.httpStatusCode).toBe(400);
  });

  it("EC2 and STS faults arrive in their own protocol's error format", async () => {
    sim.control.setFaults([
      { service: "ec2", operation: "*", errorType: "ThrottlingException", rate: 1 },
      { service: "sts", operation: "GetCallerIdentity", errorType: "InternalServerException", rate: 1 },
    ]);
    const { ec2, sts } = clients();
    const ec2Error = await ec2.send(new DescribeInstancesCommand({})).catch((e: unknown) => e);
    expect(ec2Error).toBeInstanceOf(EC2ServiceException);
    expect((ec2Error as EC2ServiceException).name).toBe("RequestLimitExceeded");
    const stsError = await sts.send(new GetCallerIdentityCommand({})).catch((e: unknown) => e);
    expect(stsError).toBeInstanceOf(STSServiceException);
    expect((stsError as STSServiceException).name).toBe("InternalFailure");
    expect((stsError as STSServiceException).$metadata.httpStatusCode).toBe(500);
  });

  it("a partial fault rate fails some calls and lets the others through, and the SDK's own retry absorbs it", async () => {
    sim.control.setFaults([
      { service: "drs", operation: "DescribeJobs", errorType: "ThrottlingException", rate: 0.5 },
    ]);
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, () =>
        clients()
          .drs.send(new DescribeJobsCommand({}))
          .then(() => "ok")
          .catch((e: unknown) => (e instanceof ThrottlingException ? "throttled" : "other")),
      ),
    );
    expect(outcomes).toContain("ok");
    expect(outcomes).toContain("throttled");
    expect(outcomes).not.toContain("other");
    const retrying = sdkClients(sim, "us-east-1", { maxAttempts: 10 });
    await expect(retrying.drs.send(new DescribeJobsCommand({}))).resolves.toBeDefined();
  });
});
