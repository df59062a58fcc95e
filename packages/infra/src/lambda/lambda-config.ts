/**
 * Configuration of the Lambda functions, parsed once per cold start from the environment the CDK
 * app sets (see `constructs/execution-runner.ts`, `stacks/orchestrator-stack.ts`). A missing
 * variable fails the cold start with one line naming it.
 */
export interface LambdaConfig {
  region: string;
  homeAccountId: string;
  tables: { config: string; audit: string; executions: string };
  regions: string[];
  cognito?: { userPoolId: string; clientId: string };
  stateMachineArn?: string;
  notificationTopicArn?: string;
  /** Test/simulator seam: DRS/EC2/STS endpoint override (`DRSO_SIM_URL`). */
  awsEndpoint?: string;
  dynamoDbEndpoint?: string;
  logLevel: string;
}

export const loadLambdaConfig = (env: Record<string, string | undefined>): LambdaConfig => {
  const required = (name: string): string => {
    const value = env[name];
    if (!value) throw new Error(`Invalid configuration: ${name} is not set`);
    return value;
  };
  const userPoolId = env.DRSO_COGNITO_USER_POOL_ID;
  const clientId = env.DRSO_COGNITO_CLIENT_ID;
  return {
    region: required("AWS_REGION"),
    homeAccountId: required("DRSO_HOME_ACCOUNT_ID"),
    tables: {
      config: required("DRSO_TABLE_CONFIG"),
      audit: required("DRSO_TABLE_AUDIT"),
      executions: required("DRSO_TABLE_EXECUTIONS"),
    },
    regions: (env.DRSO_REGIONS ?? required("AWS_REGION")).split(",").filter(Boolean),
    ...(userPoolId && clientId ? { cognito: { userPoolId, clientId } } : {}),
    ...(env.DRSO_STATE_MACHINE_ARN ? { stateMachineArn: env.DRSO_STATE_MACHINE_ARN } : {}),
    ...(env.DRSO_NOTIFICATION_TOPIC_ARN ? { notificationTopicArn: env.DRSO_NOTIFICATION_TOPIC_ARN } : {}),
    ...(env.DRSO_SIM_URL ? { awsEndpoint: env.DRSO_SIM_URL } : {}),
    ...(env.DRSO_DYNAMODB_ENDPOINT ? { dynamoDbEndpoint: env.DRSO_DYNAMODB_ENDPOINT } : {}),
    logLevel: (env.POWERTOOLS_LOG_LEVEL ?? env.DRSO_LOG_LEVEL ?? "info").toLowerCase(),
  };
};
