import { ROLES } from "@drso/core";
import { Annotations, Match, Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import type { DrsoApp } from "../src/drso-app";
import {
  actionsOf,
  ec2ChangeProblems,
  isReadAction,
  policyStatements,
  resourcesOf,
  roleStatements,
} from "./support/iam-statements";
import { synthTestApp } from "./synth-app";

let drso: DrsoApp;
let template: Template;
beforeAll(() => {
  drso = synthTestApp();
  template = Template.fromStack(drso.orchestrator);
});

describe("orchestrator stack", () => {
  it("creates the three tables on demand with PITR, encryption and the StatusIndex for active executions", () => {
    template.resourceCountIs("AWS::DynamoDB::Table", 3);
    for (const name of ["drso-test-config", "drso-test-audit", "drso-test-executions"]) {
      template.hasResourceProperties("AWS::DynamoDB::Table", {
        TableName: name,
        BillingMode: "PAY_PER_REQUEST",
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        DeletionProtectionEnabled: true,
      });
    }
    template.hasResourceProperties("AWS::DynamoDB::Table", {
      TableName: "drso-test-executions",
      GlobalSecondaryIndexes: [
        Match.objectLike({
          IndexName: "StatusIndex",
          KeySchema: [
            { AttributeName: "activeStatus", KeyType: "HASH" },
            { AttributeName: "startTime", KeyType: "RANGE" },
          ],
        }),
      ],
    });
    template.hasResource("AWS::DynamoDB::Table", { DeletionPolicy: "Retain" });
    // Abort markers of chunked server claims expire; audit entries never do.
    for (const name of ["drso-test-config", "drso-test-executions"]) {
      template.hasResourceProperties("AWS::DynamoDB::Table", {
        TableName: name,
        TimeToLiveSpecification: { AttributeName: "expiresAt", Enabled: true },
      });
    }
    template.hasResourceProperties("AWS::DynamoDB::Table", {
      TableName: "drso-test-audit",
      TimeToLiveSpecification: Match.absent(),
    });
  });

  it("runs every Lambda of the product on Node 24 arm64 with tracing and Powertools settings", () => {
    const functions = template.findResources("AWS::Lambda::Function", {
      Properties: { Environment: { Variables: { POWERTOOLS_SERVICE_NAME: Match.anyValue() } } },
    });
    const services = Object.values(functions).map(
      (f) =>
        (f as { Properties: { Environment: { Variables: Record<string, string> } } }).Properties.Environment
          .Variables.POWERTOOLS_SERVICE_NAME,
    );
    expect(services.sort()).toEqual(["drso-api", "drso-tag-sync", "drso-tick", "drso-wake"]);
    for (const fn of Object.values(functions)) {
      expect(fn).toMatchObject({
        Properties: {
          Runtime: "nodejs24.x",
          Architectures: ["arm64"],
          TracingConfig: { Mode: "Active" },
          Environment: { Variables: { POWERTOOLS_METRICS_NAMESPACE: "DRSOrchestrator", DRSO_MODE: "aws" } },
        },
      });
    }
  });

  it("deploys no function on a deprecated runtime: ours on nodejs24.x, CDK's own on a current Python", () => {
    const runtimes = Object.entries(template.findResources("AWS::Lambda::Function")).map(
      ([id, fn]) =>
        `${id.replace(/[0-9A-F]{8,}$/, "")}: ${(fn as { Properties: { Runtime: string } }).Properties.Runtime}`,
    );
    expect(runtimes.sort()).toEqual([
      "ApiFunction: nodejs24.x",
      expect.stringMatching(/^CustomCDKBucketDeployment\w*: python3\.(1[3-9]|[2-9]\d)$/),
      "RunnerTickFunction: nodejs24.x",
      "RunnerWakeFunction: nodejs24.x",
      "TagSyncTagSyncFunction: nodejs24.x",
    ]);
    expect(Template.fromStack(drso.crossAccountRole).findResources("AWS::Lambda::Function")).toEqual({});
  });

  it("runs the scheduled tag sync every 5 minutes, allowed to tag DRS source servers in the configured regions only", () => {
    const fnId = drso.orchestrator.getLogicalId(
      drso.orchestrator.tagSync.function.node.defaultChild as import("aws-cdk-lib").CfnElement,
    );
    template.hasResourceProperties("AWS::Events::Rule", {
      ScheduleExpression: "rate(5 minutes)",
      State: "ENABLED",
      Targets: [Match.objectLike({ Arn: { "Fn::GetAtt": [fnId, "Arn"] } })],
    });
    template.hasResourceProperties("AWS::Lambda::Function", {
      Handler: "index.handler",
      Environment: {
        Variables: Match.objectLike({
          POWERTOOLS_SERVICE_NAME: "drso-tag-sync",
          DRSO_TABLE_CONFIG: Match.anyValue(),
          DRSO_REGIONS: Match.anyValue(),
        }),
      },
    });
    const policies = template.findResources("AWS::IAM::Policy");
    const tagSyncPolicy = Object.values(policies).find((p) =>
      JSON.stringify(p).includes("TagSourceServers"),
    ) as {
      Properties: { PolicyDocument: { Statement: { Sid?: string; Action: unknown; Resource: unknown }[] } };
    };
    const statements = tagSyncPolicy.Properties.PolicyDocument.Statement;
    const tagging = statements.find((st) => st.Sid === "TagSourceServers");
    expect(tagging?.Action).toEqual(["drs:TagResource", "drs:UntagResource"]);
    expect(JSON.stringify(tagging?.Resource)).toContain(":source-server/*");
    expect(JSON.stringify(tagging?.Resource)).not.toContain('"*"');
    // It never launches or terminates anything.
    expect(JSON.stringify(statements)).not.toContain("drs:StartRecovery");
    expect(JSON.stringify(statements)).not.toContain("ec2:TerminateInstances");
  });

  it("loops Tick → Choice → Wait | waitForTaskToken in a logged, traced state machine", () => {
    const machines = template.findResources("AWS::StepFunctions::StateMachine");
    const machine = Object.values(machines)[0] as {
      Properties: { DefinitionString: unknown; TracingConfiguration: unknown; LoggingConfiguration: unknown };
    };
    expect(machine.Properties.TracingConfiguration).toEqual({ Enabled: true });
    expect(machine.Properties.LoggingConfiguration).toMatchObject({ Level: "ALL" });
    const definition = JSON.stringify(machine.Properties.DefinitionString);
    for (const fragment of [
      '\\"SecondsPath\\":\\"$.waitSeconds\\"',
      "lambda:invoke.waitForTaskToken",
      '\\"Type\\":\\"Choice\\"',
    ]) {
      expect(definition).toContain(fragment);
    }
  });

  it("protects the API with a Cognito authorizer and a regional WAF, leaving only /api/health open", () => {
    template.hasResourceProperties("AWS::ApiGateway::Authorizer", { Type: "COGNITO_USER_POOLS" });
    template.hasResourceProperties("AWS::ApiGateway::Method", {
      HttpMethod: "ANY",
      AuthorizationType: "COGNITO_USER_POOLS",
    });
    template.hasResourceProperties("AWS::ApiGateway::Method", {
      HttpMethod: "GET",
      AuthorizationType: "NONE",
    });
    template.hasResourceProperties("AWS::WAFv2::WebACL", {
      Scope: "REGIONAL",
      Rules: Match.arrayWith([
        Match.objectLike({ Name: "AWSManagedRulesCommonRuleSet" }),
        Match.objectLike({ Name: "RateLimitPerIp", Action: { Block: {} } }),
      ]),
    });
    template.resourceCountIs("AWS::WAFv2::WebACLAssociation", 1);
  });

  it("creates one Cognito group per role, no self sign-up, and the admin user in the admin group", () => {
    for (const role of ROLES) {
      template.hasResourceProperties("AWS::Cognito::UserPoolGroup", { GroupName: role });
    }
    template.resourceCountIs("AWS::Cognito::UserPoolGroup", ROLES.length);
    template.hasResourceProperties("AWS::Cognito::UserPool", {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: "ON",
    });
    template.hasResourceProperties("AWS::Cognito::UserPoolUser", { Username: "admin@example.com" });
    template.hasResourceProperties("AWS::Cognito::UserPoolUserToGroupAttachment", {
      GroupName: "DRSOrchestrationAdmin",
      Username: "admin@example.com",
    });
  });

  it("serves the web build from a private bucket through CloudFront with Origin Access Control", () => {
    template.resourceCountIs("AWS::CloudFront::OriginAccessControl", 1);
    template.hasResourceProperties("AWS::S3::Bucket", {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      VersioningConfiguration: { Status: "Enabled" },
    });
    template.hasResourceProperties("AWS::CloudFront::Distribution", {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: "index.html",
        CacheBehaviors: [Match.objectLike({ PathPattern: "/api/*" })],
      }),
    });
    template.resourceCountIs("Custom::CDKBucketDeployment", 1);
  });

  it("adds security headers at CloudFront: a CSP on the UI, HSTS/nosniff/DENY/no-referrer on the UI and /api/*", () => {
    const web = drso.orchestrator.web.node;
    const idOf = (child: string) =>
      drso.orchestrator.getLogicalId(
        web.findChild(child).node.defaultChild as import("aws-cdk-lib").CfnElement,
      );
    const policies = template.findResources("AWS::CloudFront::ResponseHeadersPolicy") as Record<
      string,
      { Properties: { ResponseHeadersPolicyConfig: { SecurityHeadersConfig: Record<string, unknown> } } }
    >;
    const headersOf = (id: string) =>
      policies[id]?.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    const common = {
      StrictTransportSecurity: { AccessControlMaxAgeSec: 63072000, IncludeSubdomains: true, Override: true },
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: "DENY", Override: true },
      ReferrerPolicy: { ReferrerPolicy: "no-referrer", Override: true },
    };
    const csp = headersOf(idOf("UiHeaders"))?.ContentSecurityPolicy as { ContentSecurityPolicy: string };
    expect(headersOf(idOf("UiHeaders"))).toMatchObject({
      ...common,
      ContentSecurityPolicy: { Override: true },
    });
    // The embedded server's policy, which the browser suite checks against the built UI.
    expect(csp.ContentSecurityPolicy).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; " +
        "frame-ancestors 'none'",
    );
    expect(headersOf(idOf("ApiHeaders"))).toMatchObject(common);
    template.hasResourceProperties("AWS::CloudFront::Distribution", {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({ ResponseHeadersPolicyId: { Ref: idOf("UiHeaders") } }),
        CacheBehaviors: [
          Match.objectLike({ PathPattern: "/api/*", ResponseHeadersPolicyId: { Ref: idOf("ApiHeaders") } }),
        ],
      }),
    });
  });

  it("wakes executions on DRS launch results and EC2 state changes, and notifies through an encrypted SNS topic", () => {
    template.hasResourceProperties("AWS::Events::Rule", {
      EventPattern: { source: ["aws.drs"], "detail-type": ["DRS Source Server Launch Result"] },
    });
    template.hasResourceProperties("AWS::Events::Rule", {
      EventPattern: Match.objectLike({ source: ["aws.ec2"] }),
    });
    template.hasResourceProperties("AWS::SNS::Topic", {
      TopicName: "drso-test-notifications",
      KmsMasterKeyId: Match.anyValue(),
    });
  });

  it("lets the API function make the DRS/EC2/STS calls its routes make, in the configured regions", () => {
    const policies = template.findResources("AWS::IAM::Policy");
    const apiFunction = drso.orchestrator.node.findChild(
      "ApiFunction",
    ) as import("aws-cdk-lib/aws-lambda").Function;
    const roleId = drso.orchestrator.getLogicalId(
      apiFunction.role?.node.defaultChild as import("aws-cdk-lib").CfnElement,
    );
    type Policy = {
      Properties: {
        Roles: unknown[];
        PolicyDocument: { Statement: { Sid?: string; Action: unknown; Resource: unknown }[] };
      };
    };
    const statements = (Object.values(policies) as Policy[])
      .filter((p) => JSON.stringify(p.Properties.Roles).includes(`"${roleId}"`))
      .flatMap((p) => p.Properties.PolicyDocument.Statement);
    const text = JSON.stringify(statements);
    for (const action of [
      "drs:DescribeSourceServers",
      "drs:StartRecovery",
      "drs:UpdateLaunchConfiguration",
      "drs:UpdateReplicationConfiguration",
      "ec2:DescribeTags",
      "sts:AssumeRole",
    ])
      expect(text).toContain(action);
    const settings = statements.find((st) => st.Sid === "ChangeSourceServerSettings");
    expect(JSON.stringify(settings?.Resource)).toContain("arn:aws:drs:us-east-1:");
    expect(JSON.stringify(settings?.Resource)).not.toContain('"*"');
  });

  it("sweeps executions stranded without a loop every 5 minutes with the Wake function", () => {
    const wake = drso.orchestrator.runner.wakeFunction;
    const wakeId = drso.orchestrator.getLogicalId(wake.node.defaultChild as import("aws-cdk-lib").CfnElement);
    template.hasResourceProperties("AWS::Events::Rule", {
      ScheduleExpression: "rate(5 minutes)",
      Targets: [Match.objectLike({ Arn: { "Fn::GetAtt": [wakeId, "Arn"] } })],
    });
    template.hasResourceProperties("AWS::Lambda::Function", {
      Environment: {
        Variables: Match.objectLike({
          POWERTOOLS_SERVICE_NAME: "drso-wake",
          DRSO_STATE_MACHINE_ARN: Match.anyValue(),
        }),
      },
    });
  });

  it("lets the runner assume only the cross-account role of the configured target accounts", () => {
    const policies = template.findResources("AWS::IAM::Policy");
    const assumeStatements = Object.values(policies)
      .flatMap(
        (p) =>
          (p as { Properties: { PolicyDocument: { Statement: Record<string, unknown>[] } } }).Properties
            .PolicyDocument.Statement,
      )
      .filter((s) => JSON.stringify(s.Action).includes("sts:AssumeRole"));
    expect(assumeStatements.length).toBeGreaterThan(0);
    for (const statement of assumeStatements) {
      expect(statement.Resource).toBe("arn:aws:iam::222222222222:role/DRSOrchestrationCrossAccountRole");
    }
  });

  it("passes the cdk-nag AwsSolutions checks with no unsuppressed error", () => {
    const errors = Annotations.fromStack(drso.orchestrator).findError(
      "*",
      Match.stringLikeRegexp("AwsSolutions-.*"),
    );
    expect(errors.map((e) => `${e.id}: ${String(e.entry.data).split("\n")[0]}`)).toEqual([]);
  });
});

describe("orchestrator IAM: least privilege", () => {
  const roleIdOf = (fn: import("aws-cdk-lib/aws-lambda").IFunction) =>
    drso.orchestrator.getLogicalId(fn.role?.node.defaultChild as import("aws-cdk-lib").CfnElement);
  const functions = () => ({
    api: drso.orchestrator.node.findChild("ApiFunction") as import("aws-cdk-lib/aws-lambda").Function,
    tick: drso.orchestrator.runner.tickFunction,
    wake: drso.orchestrator.runner.wakeFunction,
  });

  it("grants '*' only to read-only actions and the X-Ray, log-delivery and invalidation calls CDK adds", () => {
    // The CDK-added actions the nag suppression names; everything else on '*' must be a read.
    const cdkOnStar = new Set([
      "xray:PutTraceSegments",
      "xray:PutTelemetryRecords",
      "logs:CreateLogDelivery",
      "logs:UpdateLogDelivery",
      "logs:DeleteLogDelivery",
      "logs:PutResourcePolicy",
      "cloudfront:CreateInvalidation",
    ]);
    const onStar = policyStatements(template)
      .filter((st) => resourcesOf(st).includes("*"))
      .flatMap(actionsOf)
      .filter((action) => !isReadAction(action) && !cdkOnStar.has(action));
    expect(onStar).toEqual([]);
  });

  it("scopes the EC2 changes of the API, Tick and Wake roles as AWS's managed DRS policy does", () => {
    for (const [name, fn] of Object.entries(functions())) {
      const statements = roleStatements(template, roleIdOf(fn));
      expect(ec2ChangeProblems(statements, drso.context.regions), name).toEqual([]);
      const terminate = statements.find((st) => actionsOf(st).includes("ec2:TerminateInstances"));
      expect(resourcesOf(terminate ?? { Effect: "Allow", Action: [], Resource: [] }), name).toEqual([
        "arn:aws:ec2:us-east-1:<AWS::AccountId>:instance/*",
        "arn:aws:ec2:us-west-2:<AWS::AccountId>:instance/*",
      ]);
      expect(terminate, name).toMatchObject({
        Condition: {
          Null: { "aws:ResourceTag/AWSElasticDisasterRecoveryManaged": "false" },
          Bool: { "aws:ViaAWSService": "true" },
        },
      });
      // The launch-settings routes change DRS's launch templates themselves (drs-launch-settings.ts).
      const templates = statements.find((st) => actionsOf(st).includes("ec2:ModifyLaunchTemplate"));
      expect(actionsOf(templates ?? { Effect: "Allow", Action: [], Resource: [] })).toEqual(
        expect.arrayContaining(["ec2:CreateLaunchTemplateVersion", "ec2:ModifyLaunchTemplate"]),
      );
      expect(templates?.Condition).toEqual({
        Null: { "aws:ResourceTag/AWSElasticDisasterRecoveryManaged": "false" },
      });
    }
  });

  it("lets only API Gateway invoke the API function: no role of the stack may invoke it directly", () => {
    const apiId = drso.orchestrator.getLogicalId(
      functions().api.node.defaultChild as import("aws-cdk-lib").CfnElement,
    );
    const permissions = Object.values(
      template.findResources("AWS::Lambda::Permission", {
        Properties: { FunctionName: { "Fn::GetAtt": [apiId, "Arn"] } },
      }),
    ).map((p) => p.Properties);
    expect(permissions.length).toBeGreaterThan(0);
    const restApiId = drso.orchestrator.getLogicalId(
      drso.orchestrator.api.restApi.node.defaultChild as import("aws-cdk-lib").CfnElement,
    );
    for (const permission of permissions) {
      expect(permission).toMatchObject({
        Action: "lambda:InvokeFunction",
        Principal: "apigateway.amazonaws.com",
      });
      expect(JSON.stringify(permission.SourceArn)).toContain(`"${restApiId}"`);
    }
    const invokers = policyStatements(template).filter(
      (st) =>
        actionsOf(st).some((a) => a === "lambda:InvokeFunction" || a === "lambda:*") &&
        JSON.stringify(st.Resource).includes(`"${apiId}"`),
    );
    expect(invokers).toEqual([]);
    template.hasOutput("ApiFunctionArn", { Value: { "Fn::GetAtt": [apiId, "Arn"] } });
  });

  it("lets the API, Tick and Wake roles append and read audit entries, never change or delete one", () => {
    const auditId = drso.orchestrator.getLogicalId(
      drso.orchestrator.tables.audit.node.defaultChild as import("aws-cdk-lib").CfnElement,
    );
    for (const [name, fn] of Object.entries(functions())) {
      const onAudit = roleStatements(template, roleIdOf(fn)).filter((st) =>
        JSON.stringify(st.Resource).includes(`"${auditId}"`),
      );
      expect(onAudit.flatMap(actionsOf).sort(), name).toEqual(["dynamodb:PutItem", "dynamodb:Query"]);
      expect(onAudit.flatMap(resourcesOf).sort(), name).toEqual([
        `<${auditId}.Arn>`,
        `<${auditId}.Arn>/index/ResourceIndex`,
      ]);
    }
  });
});
