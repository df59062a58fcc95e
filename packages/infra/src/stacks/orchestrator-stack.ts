import { fileURLToPath } from "node:url";
import { CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type { Construct } from "constructs";
import { Api } from "../constructs/api";
import { DataTables } from "../constructs/data-tables";
import { DrsoFunction } from "../constructs/drso-function";
import { ExecutionRunner } from "../constructs/execution-runner";
import { Identity } from "../constructs/identity";
import { Notifications } from "../constructs/notifications";
import { recoveryStatements, settingsStatements } from "../constructs/recovery-permissions";
import { TagSyncSchedule } from "../constructs/tag-sync-schedule";
import { WebHosting } from "../constructs/web-hosting";
import type { DeployContext } from "./deploy-context";
import { suppressOrchestratorFindings } from "./nag-suppressions";
import { nameFunctionRole } from "./orchestrator-principals";

const lambdaEntry = (name: string) => fileURLToPath(new URL(`../lambda/${name}`, import.meta.url));

export const crossAccountRoleArns = (context: DeployContext): string[] =>
  context.targetAccountIds.map((account) => `arn:aws:iam::${account}:role/${context.crossAccountRoleName}`);

/** Everything the orchestrator runs on in its home account and region. */
export class OrchestratorStack extends Stack {
  readonly tables: DataTables;
  readonly runner: ExecutionRunner;
  readonly api: Api;
  readonly identity: Identity;
  readonly web: WebHosting;
  readonly tagSync: TagSyncSchedule;

  constructor(scope: Construct, id: string, context: DeployContext, props?: StackProps) {
    super(scope, id, { description: `DRS Orchestrator (${context.envName})`, ...props });
    this.tables = new DataTables(this, "Tables", { envName: context.envName });
    const notifications = new Notifications(this, "Notifications", context);
    this.identity = new Identity(this, "Identity", context);
    this.runner = new ExecutionRunner(this, "Runner", {
      envName: context.envName,
      regions: context.regions,
      tables: this.tables,
      topic: notifications.topic,
      crossAccountRoleArns: crossAccountRoleArns(context),
      lambdaEntry,
    });

    this.tagSync = new TagSyncSchedule(this, "TagSync", {
      regions: context.regions,
      tables: this.tables,
      crossAccountRoleArns: crossAccountRoleArns(context),
      lambdaEntry,
    });

    const apiFunction = new DrsoFunction(this, "ApiFunction", {
      entry: lambdaEntry("api-handler.ts"),
      serviceName: "drso-api",
      memorySize: 1024,
      environment: {
        ...this.tables.environment,
        DRSO_MODE: "aws",
        DRSO_HOME_ACCOUNT_ID: this.account,
        DRSO_REGIONS: context.regions.join(","),
        DRSO_STATE_MACHINE_ARN: this.runner.stateMachine.stateMachineArn,
        DRSO_NOTIFICATION_TOPIC_ARN: notifications.topic.topicArn,
        DRSO_COGNITO_USER_POOL_ID: this.identity.userPool.userPoolId,
        DRSO_COGNITO_CLIENT_ID: this.identity.webClient.userPoolClientId,
      },
    });
    this.tables.grantStoreAccess(apiFunction);
    // Start (idempotent: execution id as name), stop, and answer the paused task token.
    this.runner.stateMachine.grantStartExecution(apiFunction);
    this.runner.stateMachine.grantTaskResponse(apiFunction);
    this.runner.stateMachine.grantRead(apiFunction);
    notifications.topic.grantPublish(apiFunction);
    // The API's own DRS/EC2/STS calls: source servers, start checks, the user's actions (a resume
    // or retry runs a runner step that may launch), launch/replication settings, tag sync, and
    // the target accounts' roles (validate, cross-account reads).
    for (const statement of [
      ...recoveryStatements(this.account, context.regions),
      ...settingsStatements(this.account, context.regions),
    ])
      apiFunction.addToRolePolicy(statement);
    const targetRoles = crossAccountRoleArns(context);
    if (targetRoles.length > 0) {
      apiFunction.addToRolePolicy(
        new iam.PolicyStatement({
          sid: "AssumeTargetAccountRoles",
          actions: ["sts:AssumeRole"],
          resources: targetRoles,
        }),
      );
    }

    // The cross-account role trusts these four roles by name (orchestrator-principals.ts).
    nameFunctionRole(apiFunction, context, "api");
    nameFunctionRole(this.runner.tickFunction, context, "tick");
    nameFunctionRole(this.runner.wakeFunction, context, "wake");
    nameFunctionRole(this.tagSync.function, context, "tag-sync");

    this.api = new Api(this, "Api", {
      envName: context.envName,
      handler: apiFunction,
      userPool: this.identity.userPool,
    });
    this.web = new WebHosting(this, "Web", {
      restApi: this.api.restApi,
      ...(context.webDistPath ? { webDistPath: context.webDistPath } : {}),
    });

    new CfnOutput(this, "WebUrl", { value: `https://${this.web.distribution.distributionDomainName}` });
    new CfnOutput(this, "ApiUrl", { value: this.api.restApi.url });
    new CfnOutput(this, "UserPoolId", { value: this.identity.userPool.userPoolId });
    new CfnOutput(this, "UserPoolClientId", { value: this.identity.webClient.userPoolClientId });
    new CfnOutput(this, "StateMachineArn", { value: this.runner.stateMachine.stateMachineArn });
    // Granting lambda:InvokeFunction on this ARN makes a principal an administrator (README, Security).
    new CfnOutput(this, "ApiFunctionArn", { value: apiFunction.functionArn });
    suppressOrchestratorFindings(this);
  }
}
