import { CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import { NagSuppressions } from "cdk-nag";
import type { Construct } from "constructs";
import { recoveryStatements, settingsStatements } from "../constructs/recovery-permissions";
import type { DeployContext } from "./deploy-context";
import { recoveryPolicyWildcards } from "./nag-suppressions";
import { orchestratorRoleArns } from "./orchestrator-principals";

/**
 * Deployed into each target account: the role the orchestrator assumes there. Only the execution
 * roles of the orchestrator's functions (API, Tick, Wake, tag sync) that present the ExternalId may
 * assume it — not any principal of the orchestrator account — and it can do no more in DRS/EC2
 * than the orchestrator itself. IAM checks that trusted roles exist: deploy the orchestrator first.
 */
export class CrossAccountRoleStack extends Stack {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, context: DeployContext, props?: StackProps) {
    super(scope, id, {
      description: "DRS Orchestrator cross-account role (deploy in each target account)",
      ...props,
    });
    this.role = new iam.Role(this, "CrossAccountRole", {
      roleName: context.crossAccountRoleName,
      description: `Assumed by DRS Orchestrator in ${context.orchestratorAccountId}`,
      assumedBy: new iam.CompositePrincipal(
        ...orchestratorRoleArns(context).map((arn) => new iam.ArnPrincipal(arn)),
      ).withConditions({ StringEquals: { "sts:ExternalId": context.externalId } }),
      maxSessionDuration: undefined,
    });
    const policy = new iam.Policy(this, "RecoveryPolicy", {
      statements: [
        ...recoveryStatements(this.account, context.regions),
        ...settingsStatements(this.account, context.regions),
      ],
    });
    policy.attachToRole(this.role);
    NagSuppressions.addResourceSuppressions(policy, [
      {
        id: "AwsSolutions-IAM5",
        reason:
          "Only the read-only Describe*/List*/Get* actions of DRS, EC2 and iam:ListInstanceProfiles use '*': " +
          "they support no resource-level permissions.",
        appliesTo: ["Resource::*"],
      },
      ...recoveryPolicyWildcards,
    ]);
    new CfnOutput(this, "RoleArn", { value: this.role.roleArn });
  }
}
