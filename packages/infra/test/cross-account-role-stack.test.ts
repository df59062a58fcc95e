import { Annotations, Match, Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { readDeployContext } from "../src/stacks/deploy-context";
import {
  actionsOf,
  ec2ChangeProblems,
  isReadAction,
  policyStatements,
  resourcesOf,
} from "./support/iam-statements";
import { synthTestApp } from "./synth-app";

describe("cross-account role stack", () => {
  const drso = synthTestApp();
  const template = Template.fromStack(drso.crossAccountRole);

  it("creates the named role that only the orchestrator account can assume, with the ExternalId", () => {
    template.hasResourceProperties("AWS::IAM::Role", {
      RoleName: "DRSOrchestrationCrossAccountRole",
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "sts:ExternalId": "drso-demo-external-id" } },
            Principal: {
              AWS: { "Fn::Join": ["", Match.arrayWith([Match.stringLikeRegexp(":iam::111111111111:root")])] },
            },
          }),
        ],
      },
    });
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
    externalId: "x-123",
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
});
