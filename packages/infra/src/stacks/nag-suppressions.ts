import type { Stack } from "aws-cdk-lib";
import { type NagPackSuppression, NagSuppressions } from "cdk-nag";

/**
 * The wildcards of the DRS/EC2 statements (constructs/recovery-permissions.ts), in the orchestrator's
 * roles and the cross-account role. Each names exactly the findings it accepts; the infra tests
 * assert that no DRS or EC2 change is granted on `*` and that every EC2 change has a condition.
 */
export const recoveryPolicyWildcards: NagPackSuppression[] = [
  {
    id: "AwsSolutions-IAM5",
    reason:
      "DRS generates source-server, job and recovery-instance ids; the ARNs name this account and the " +
      "configured regions.",
    appliesTo: [
      {
        regex:
          "/^Resource::arn:aws:drs:[a-z0-9-]+:<AWS::AccountId>:(source-server|job|recovery-instance)\\/\\*$/",
      },
    ],
  },
  {
    id: "AwsSolutions-IAM5",
    reason:
      "EC2 resources DRS launches get generated ids; every statement on them carries the conditions of " +
      "AWS's AWSElasticDisasterRecoveryConsoleFullAccess (DRS-managed tag, via DRS, tag on create). AMIs " +
      "may belong to another account.",
    appliesTo: [
      {
        regex:
          "/^Resource::arn:aws:ec2:[a-z0-9-]+:(<AWS::AccountId>|\\*):" +
          "(instance|launch-template|volume|snapshot|security-group|subnet|network-interface|image)\\/\\*$/",
      },
    ],
  },
];

/**
 * cdk-nag AwsSolutions findings we accept, each with the reason. Everything else is fixed in the
 * constructs; the infra tests fail on any new unsuppressed error.
 */
export const suppressOrchestratorFindings = (stack: Stack): void => {
  // Our functions run the latest Node.js (constructs/drso-function.ts); CDK's BucketDeployment
  // handler runs the Python runtime aws-cdk-lib sets, which moves with aws-cdk-lib upgrades.
  for (const child of stack.node.children) {
    if (child.node.id.startsWith("Custom::CDKBucketDeployment")) {
      NagSuppressions.addResourceSuppressions(child, [
        {
          id: "AwsSolutions-L1",
          reason: "CDK's own BucketDeployment handler: aws-cdk-lib chooses its (supported) Python runtime.",
        },
      ]);
    }
  }
  NagSuppressions.addStackSuppressions(stack, [
    {
      id: "AwsSolutions-IAM4",
      reason:
        "AWSLambdaBasicExecutionRole (logs) and AmazonAPIGatewayPushToCloudWatchLogs are the AWS-maintained " +
        "minimal policies for writing logs.",
      appliesTo: [
        "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
        "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs",
      ],
    },
    {
      id: "AwsSolutions-IAM5",
      reason:
        "Only read-only Describe*/List*/Get* actions (DRS, EC2, iam:ListInstanceProfiles, Step Functions) and " +
        "X-Ray trace upload, which support no resource-level permissions, and CDK's own Step Functions log " +
        "delivery and web-deployment CloudFront invalidation use '*'.",
      appliesTo: ["Resource::*"],
    },
    ...recoveryPolicyWildcards,
    {
      id: "AwsSolutions-IAM5",
      reason:
        "CDK grants: grantReadWriteData covers the tables' indexes, grantInvoke the Tick function's " +
        "versions, grantStartExecution/grantRead the executions of this one state machine, grantPublish " +
        "the KMS data keys of the topic's key, and the web BucketDeployment reads its asset and writes " +
        "the site bucket.",
      appliesTo: [
        { regex: "/^Resource::<Tables\\w+\\.Arn>\\/index\\/\\*$/" },
        { regex: "/^Resource::<RunnerTickFunction\\w+\\.Arn>:\\*$/" },
        { regex: "/^Resource::arn:<AWS::Partition>:states:[a-z0-9-]+:<AWS::AccountId>:execution:.*$/" },
        "Action::kms:GenerateDataKey*",
        "Action::s3:Abort*",
        "Action::s3:DeleteObject*",
        "Action::s3:GetBucket*",
        "Action::s3:GetObject*",
        "Action::s3:List*",
        { regex: "/^Resource::<WebSite\\w+\\.Arn>\\/\\*$/" },
        {
          regex:
            "/^Resource::arn:<AWS::Partition>:s3:::cdk-[a-z0-9]+-assets-<AWS::AccountId>-[a-z0-9-]+\\/\\*$/",
        },
      ],
    },
    {
      id: "AwsSolutions-COG3",
      reason: "Cognito threat protection needs the Plus feature plan; MFA is required instead.",
    },
    {
      id: "AwsSolutions-COG8",
      reason:
        "The Plus feature plan is billed per active user; the Essentials plan with required MFA is enough here.",
    },
    {
      id: "AwsSolutions-CFR1",
      reason: "Disaster recovery operators may work from anywhere; no geo restriction by design.",
    },
    {
      id: "AwsSolutions-CFR2",
      reason:
        "A CLOUDFRONT-scope WAF must live in us-east-1; the API behind /api/* is protected by the regional " +
        "WAF on API Gateway and the UI is static files.",
    },
    {
      id: "AwsSolutions-CFR4",
      reason:
        "The default CloudFront certificate allows TLSv1 on the viewer side; use a custom domain to pin TLS 1.2.",
    },
    {
      id: "AwsSolutions-S1",
      reason: "The access-log bucket does not log to itself.",
    },
  ]);
};
