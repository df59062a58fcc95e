import { readFileSync } from "node:fs";
import { Annotations, Match, Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { readDeployContext } from "../src/stacks/deploy-context";
import {
  actionsOf,
  ec2ChangeProblems,
  isReadAction,
  type PolicyStatement,
  policyStatements,
  resourcesOf,
} from "./support/iam-statements";
import { synthTestApp, TEST_EXTERNAL_ID } from "./synth-app";

describe("cross-account role stack", () => {
  const drso = synthTestApp();
  const template = Template.fromStack(drso.crossAccountRole);

  it("creates the named role that only the orchestrator's function roles can assume, with the ExternalId", () => {
    const roles = template.findResources("AWS::IAM::Role", {
      Properties: { RoleName: "DRSOrchestrationCrossAccountRole" },
    });
    const trust = Object.values(roles).map(
      (r) =>
        (r as { Properties: { AssumeRolePolicyDocument: { Statement: PolicyStatement[] } } }).Properties
          .AssumeRolePolicyDocument.Statement,
    );
    // One statement per trusted role, each with the ExternalId condition.
    expect(trust).toHaveLength(1);
    const statements = trust[0] ?? [];
    for (const st of statements) {
      expect(st).toMatchObject({
        Action: "sts:AssumeRole",
        Effect: "Allow",
        Condition: { StringEquals: { "sts:ExternalId": TEST_EXTERNAL_ID } },
      });
    }
    expect(statements.map((st) => (st as { Principal?: { AWS?: unknown } }).Principal?.AWS)).toEqual(
      ["api", "tick", "wake", "tag-sync"].map(
        (fn) => `arn:aws:iam::111111111111:role/drso-test-us-east-1-${fn}`,
      ),
    );
    expect(JSON.stringify(trust)).not.toContain(":root");
  });

  it("trusts role names the orchestrator stack gives its assuming functions", () => {
    const orchestrator = Template.fromStack(drso.orchestrator);
    for (const fn of ["api", "tick", "wake", "tag-sync"]) {
      orchestrator.hasResourceProperties("AWS::IAM::Role", { RoleName: `drso-test-us-east-1-${fn}` });
    }
  });

  it("scopes DRS launch and terminate to the configured regions", () => {
    const policy = Object.values(template.findResources("AWS::IAM::Policy"))[0];
    const text = JSON.stringify(policy);
    expect(text).toContain("drs:StartRecovery");
    expect(text).toContain("arn:aws:drs:us-east-1:");
    expect(text).toContain("arn:aws:drs:us-west-2:");
    expect(text).not.toContain("arn:aws:drs:eu-");
  });

  it("grants '*' only to reads and scopes EC2 changes as AWS's managed DRS policy does", () => {
    const statements = policyStatements(template);
    const onStar = statements
      .filter((st) => resourcesOf(st).includes("*"))
      .flatMap(actionsOf)
      .filter((action) => !isReadAction(action));
    expect(onStar).toEqual([]);
    expect(ec2ChangeProblems(statements, drso.context.regions)).toEqual([]);
    const terminate = statements.find((st) => actionsOf(st).includes("ec2:TerminateInstances"));
    expect(terminate?.Condition).toEqual({
      Null: { "aws:ResourceTag/AWSElasticDisasterRecoveryManaged": "false" },
      Bool: { "aws:ViaAWSService": "true" },
    });
  });

  it("passes the cdk-nag AwsSolutions checks with no unsuppressed error", () => {
    const errors = Annotations.fromStack(drso.crossAccountRole).findError(
      "*",
      Match.stringLikeRegexp("AwsSolutions-.*"),
    );
    expect(errors).toEqual([]);
  });
});

describe("deploy context", () => {
  const valid = {
    envName: "prod",
    regions: "us-east-1,us-west-2",
    adminEmail: "ops@example.com",
    targetAccountIds: "222222222222",
    externalId: "0123456789abcdef0123456789abcdef",
    orchestratorAccountId: "111111111111",
  } as Record<string, unknown>;

  it("accepts comma-separated lists as given on the command line with -c", () => {
    const context = readDeployContext((k) => valid[k]);
    expect(context.regions).toEqual(["us-east-1", "us-west-2"]);
    expect(context.targetAccountIds).toEqual(["222222222222"]);
    expect(context.crossAccountRoleName).toBe("DRSOrchestrationCrossAccountRole");
  });

  it("stops synthesis with one line naming the bad parameter", () => {
    expect(() => readDeployContext((k) => ({ ...valid, regions: "us-east-1,mars" })[k])).toThrow(
      "Invalid CDK context 'regions'",
    );
    expect(() => readDeployContext((k) => ({ ...valid, adminEmail: "nobody" })[k])).toThrow(
      "Invalid CDK context 'adminEmail'",
    );
    expect(() => readDeployContext((k) => ({ ...valid, targetAccountIds: "12345" })[k])).toThrow(
      "Invalid CDK context 'targetAccountIds'",
    );
  });

  it("refuses to synthesize without a random ExternalId given at deploy time", () => {
    for (const externalId of [undefined, "", "x-123", "drso-demo-external-id", "has spaces in it, 1234567"]) {
      expect(() => readDeployContext((k) => ({ ...valid, externalId })[k]), String(externalId)).toThrow(
        "Invalid CDK context 'externalId'",
      );
    }
  });

  it("commits no ExternalId in cdk.json", () => {
    const cdkJson = JSON.parse(readFileSync(new URL("../cdk.json", import.meta.url), "utf8")) as {
      context: Record<string, unknown>;
    };
    expect(cdkJson.context).not.toHaveProperty("externalId");
  });
});
