import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as apigateway from "aws-cdk-lib/aws-apigateway";
import type * as cognito from "aws-cdk-lib/aws-cognito";
import * as logs from "aws-cdk-lib/aws-logs";
import * as wafv2 from "aws-cdk-lib/aws-wafv2";
import { NagSuppressions } from "cdk-nag";
import { Construct } from "constructs";
import type { DrsoFunction } from "./drso-function";

export interface ApiProps {
  envName: string;
  handler: DrsoFunction;
  userPool: cognito.IUserPool;
}

/**
 * API Gateway REST API in front of the Hono app Lambda. `/api/health` is open; every other
 * `/api/*` route needs a Cognito token (the Lambda verifies it again and maps groups to roles, so
 * the same auth code runs locally and on AWS). WAF: AWS managed common + bad-input rules and a
 * per-IP rate limit.
 */
export class Api extends Construct {
  readonly restApi: apigateway.RestApi;
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const accessLogs = new logs.LogGroup(this, "AccessLogs", {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.restApi = new apigateway.RestApi(this, "RestApi", {
      restApiName: `drso-${props.envName}-api`,
      description: "DRS Orchestrator API",
      cloudWatchRole: true,
      deployOptions: {
        stageName: "prod",
        tracingEnabled: true,
        loggingLevel: apigateway.MethodLoggingLevel.ERROR,
        accessLogDestination: new apigateway.LogGroupLogDestination(accessLogs),
        accessLogFormat: apigateway.AccessLogFormat.jsonWithStandardFields(),
        throttlingRateLimit: 100,
        throttlingBurstLimit: 200,
      },
      endpointTypes: [apigateway.EndpointType.REGIONAL],
    });
    const authorizer = new apigateway.CognitoUserPoolsAuthorizer(this, "Authorizer", {
      cognitoUserPools: [props.userPool],
      resultsCacheTtl: Duration.minutes(5),
    });
    const integration = new apigateway.LambdaIntegration(props.handler);
    // Without models these only check what API Gateway can; the Hono app validates every body with zod.
    const validator = this.restApi.addRequestValidator("RequestValidator", {
      validateRequestParameters: true,
      validateRequestBody: true,
    });
    const api = this.restApi.root.addResource("api");
    const health = api.addResource("health").addMethod("GET", integration, { requestValidator: validator });
    NagSuppressions.addResourceSuppressions(health, [
      {
        id: "AwsSolutions-APIG4",
        reason: "Health check for load balancers and monitors: no data, no auth by design.",
      },
      {
        id: "AwsSolutions-COG4",
        reason: "Health check for load balancers and monitors: no data, no auth by design.",
      },
    ]);
    api
      .addProxy({
        defaultIntegration: integration,
        anyMethod: false,
      })
      .addMethod("ANY", integration, {
        authorizer,
        authorizationType: apigateway.AuthorizationType.COGNITO,
        requestValidator: validator,
      });

    this.webAcl = new wafv2.CfnWebACL(this, "WebAcl", {
      name: `drso-${props.envName}-api`,
      scope: "REGIONAL",
      defaultAction: { allow: {} },
      visibilityConfig: {
        cloudWatchMetricsEnabled: true,
        metricName: "drso-api",
        sampledRequestsEnabled: true,
      },
      rules: [
        managedRule("AWSManagedRulesCommonRuleSet", 1),
        managedRule("AWSManagedRulesKnownBadInputsRuleSet", 2),
        {
          name: "RateLimitPerIp",
          priority: 3,
          action: { block: {} },
          statement: { rateBasedStatement: { limit: 2000, aggregateKeyType: "IP" } },
          visibilityConfig: {
            cloudWatchMetricsEnabled: true,
            metricName: "drso-rate",
            sampledRequestsEnabled: true,
          },
        },
      ],
    });
    new wafv2.CfnWebACLAssociation(this, "WebAclAssociation", {
      resourceArn: this.restApi.deploymentStage.stageArn,
      webAclArn: this.webAcl.attrArn,
    });
  }
}

const managedRule = (name: string, priority: number): wafv2.CfnWebACL.RuleProperty => ({
  name,
  priority,
  overrideAction: { none: {} },
  statement: { managedRuleGroupStatement: { vendorName: "AWS", name } },
  visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: true },
});
