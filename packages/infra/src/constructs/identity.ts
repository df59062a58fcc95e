import { ROLES } from "@drso/core";
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as cognito from "aws-cdk-lib/aws-cognito";
import { Construct } from "constructs";

/**
 * Cognito: who may use the orchestrator. One group per role of `@drso/core` ROLES, so the
 * `cognito:groups` claim of a token is exactly the caller's roles. No self sign-up: an admin adds
 * operators. Tokens last 45 minutes like the local login.
 */
export class Identity extends Construct {
  readonly userPool: cognito.UserPool;
  readonly webClient: cognito.UserPoolClient;

  constructor(scope: Construct, id: string, props: { envName: string; adminEmail: string }) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, "UserPool", {
      userPoolName: `drso-${props.envName}-users`,
      selfSignUpEnabled: false,
      signInAliases: { email: true, username: true },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const role of ROLES) {
      new cognito.CfnUserPoolGroup(this, `${role}Group`, {
        userPoolId: this.userPool.userPoolId,
        groupName: role,
        description: `DRS Orchestrator role ${role}`,
      });
    }
    this.webClient = this.userPool.addClient("WebClient", {
      generateSecret: false,
      authFlows: { userSrp: true },
      accessTokenValidity: Duration.minutes(45),
      idTokenValidity: Duration.minutes(45),
      refreshTokenValidity: Duration.hours(12),
      preventUserExistenceErrors: true,
    });
    // The first admin gets an email with a temporary password and joins the admin group.
    const admin = new cognito.CfnUserPoolUser(this, "AdminUser", {
      userPoolId: this.userPool.userPoolId,
      username: props.adminEmail,
      desiredDeliveryMediums: ["EMAIL"],
      userAttributes: [
        { name: "email", value: props.adminEmail },
        { name: "email_verified", value: "true" },
      ],
    });
    const membership = new cognito.CfnUserPoolUserToGroupAttachment(this, "AdminMembership", {
      userPoolId: this.userPool.userPoolId,
      groupName: "DRSOrchestrationAdmin",
      username: props.adminEmail,
    });
    membership.addDependency(admin); // both are L1 resources: order the CloudFormation creation
    const adminGroup = this.node.findChild("DRSOrchestrationAdminGroup") as cognito.CfnUserPoolGroup;
    membership.addDependency(adminGroup);
  }
}
