import type * as iam from "aws-cdk-lib/aws-iam";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import type { DeployContext } from "./deploy-context";

/** The orchestrator functions that assume the cross-account role in target accounts. */
export const ASSUMING_FUNCTIONS = ["api", "tick", "wake", "tag-sync"] as const;
export type AssumingFunction = (typeof ASSUMING_FUNCTIONS)[number];

/**
 * Fixed names for those functions' roles, so the cross-account stack — synthesized for another
 * account, where no token of the orchestrator stack resolves — can trust exactly them. IAM role
 * names are global in an account, hence the home region in the name.
 */
export const orchestratorRoleName = (context: DeployContext, fn: AssumingFunction): string =>
  `drso-${context.envName}-${context.regions[0]}-${fn}`;

/** The principals the cross-account role trusts: the assuming functions' roles, nothing else. */
export const orchestratorRoleArns = (context: DeployContext): string[] =>
  ASSUMING_FUNCTIONS.map(
    (fn) => `arn:aws:iam::${context.orchestratorAccountId}:role/${orchestratorRoleName(context, fn)}`,
  );

/** Gives a function's generated execution role its fixed name. */
export const nameFunctionRole = (
  fn: lambda.Function,
  context: DeployContext,
  name: AssumingFunction,
): void => {
  (fn.role?.node.defaultChild as iam.CfnRole).roleName = orchestratorRoleName(context, name);
};
