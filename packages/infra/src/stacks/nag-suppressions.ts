import type { Stack } from "aws-cdk-lib";
import { NagSuppressions } from "cdk-nag";

/**
 * cdk-nag AwsSolutions findings we accept, each with the reason. Everything else is fixed in the
 * constructs; the infra tests fail on any new unsuppressed error.
 */
export const suppressOrchestratorFindings = (stack: Stack): void => {
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
        "Wildcards are either CDK grants on table indexes / X-Ray / state-machine executions, or DRS/EC2 " +
        "Describe* actions that do not support resource-level permissions; DRS job and recovery-instance ids " +
        "are generated at launch so mutations are scoped by account and region instead.",
    },
    {
      id: "AwsSolutions-L1",
      reason: "The project targets Node.js 20 (engines field); bumped together with the workspace.",
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
