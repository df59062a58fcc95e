import { App, type AppProps, Aspects } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { CrossAccountRoleStack } from "./stacks/cross-account-role-stack";
import { type DeployContext, readDeployContext } from "./stacks/deploy-context";
import { OrchestratorStack } from "./stacks/orchestrator-stack";

export interface DrsoApp {
  app: App;
  context: DeployContext;
  orchestrator: OrchestratorStack;
  crossAccountRole: CrossAccountRoleStack;
}

/**
 * The CDK app: `DrsoOrchestrator-<env>` in the first region of the orchestrator account, and
 * `DrsoCrossAccountRole-<env>` to deploy into every target account. cdk-nag AwsSolutions checks run
 * on every synth.
 */
export const createDrsoApp = (props?: AppProps): DrsoApp => {
  const app = new App(props);
  const context = readDeployContext((key) => app.node.tryGetContext(key));
  const orchestrator = new OrchestratorStack(app, `DrsoOrchestrator-${context.envName}`, context, {
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: context.regions[0] },
  });
  const crossAccountRole = new CrossAccountRoleStack(
    app,
    `DrsoCrossAccountRole-${context.envName}`,
    context,
    {
      env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: context.regions[0] },
    },
  );
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  return { app, context, orchestrator, crossAccountRole };
};
