import { randomBytes } from "node:crypto";
import { SFNClient } from "@aws-sdk/client-sfn";
import {
  type AwsCredentials,
  DynamoDbExecutionStore,
  DynamoDbUserStore,
  failUnstartedExecution,
  PausedTaskTokens,
  StepFunctionsExecutionDriver,
} from "@drso/aws";
import {
  type App,
  type AppDeps,
  Authenticator,
  attachExecutionsRuntime,
  createApp,
  launchInventory,
  TokenIssuer,
  wireAwsAdapters,
} from "@drso/server/http-api";
import type { Logger } from "pino";
import { CognitoAuthenticator, type CognitoTokenVerifier } from "./cognito-authenticator";
import { runExecutionTick } from "./execution-tick";
import type { LambdaConfig } from "./lambda-config";
import { createLambdaRuntime } from "./lambda-runtime";

export interface LambdaApiOptions {
  config: LambdaConfig;
  verifier: CognitoTokenVerifier;
  logger: Logger;
  /** Simulator credentials in tests; unset in Lambda (the function's role through the default chain). */
  awsCredentials?: AwsCredentials;
  /** The Step Functions client; by default one on the function's role in the config's region. */
  stepFunctions?: SFNClient;
  now?: () => Date;
}

/**
 * The same Hono app as `drso serve`, wired for AWS: DynamoDB stores, the DRS/EC2/STS adapters on the
 * function's role, Cognito tokens as the credentials (groups = roles), X-Api-Key keys from DynamoDB.
 */
export const createLambdaApiApp = (
  options: LambdaApiOptions,
): { app: App; deps: AppDeps; destroy(): void } => {
  const { config } = options;
  const {
    client,
    configStore: store,
    adapters,
  } = createLambdaRuntime(config, options.logger, options.awsCredentials);
  const users = new DynamoDbUserStore(client, config.tables);
  const now = options.now ?? (() => new Date());
  // Sessions come from Cognito; this issuer only backs the local-login route, whose tokens the
  // Cognito authenticator does not accept (a per-cold-start secret, never shared).
  const tokens = new TokenIssuer(randomBytes(32), now);
  const deps: AppDeps = {
    config: { version: "0.1.0", mode: "aws", homeAccountId: config.homeAccountId },
    store,
    users,
    tokens,
    authenticator: new CognitoAuthenticator(options.verifier, new Authenticator(tokens, users)),
    catalog: adapters.catalog,
    logger: options.logger,
    now,
    storeStatus: async () => {
      await store.getSettings();
      return "ok";
    },
  };
  wireAwsAdapters(deps, adapters);
  // Executions run in the Step Functions loop (one per execution) when the stack provides it;
  // without a state machine the execution routes answer 502 EXECUTIONS_UNAVAILABLE.
  const sfn = config.stateMachineArn
    ? (options.stepFunctions ?? new SFNClient({ region: config.region }))
    : undefined;
  if (config.stateMachineArn && sfn) {
    const executions = new DynamoDbExecutionStore(client, config.tables);
    const driver = new StepFunctionsExecutionDriver(
      sfn,
      config.stateMachineArn,
      new PausedTaskTokens(client, config.tables.executions),
      {
        get: (id) => new DynamoDbExecutionStore(client, config.tables).get(id),
        // StartExecution failed for good: FAILED with the reason, servers released.
        fail: (id, reason) =>
          failUnstartedExecution(new DynamoDbExecutionStore(client, config.tables), id, reason, now),
        // The same one-execution runner step as the Tick Lambda, with the user's action first;
        // a fresh store so its optimistic check is against the state this request loaded.
        apply: async (executionId, action, actor) => {
          const store = new DynamoDbExecutionStore(client, config.tables);
          const tick = {
            store,
            launcher: adapters.launcher,
            health: adapters.health,
            logger: options.logger,
            now,
          };
          await runExecutionTick(tick, { executionId, userAction: { action, actor } });
          return store.get(executionId);
        },
      },
    );
    attachExecutionsRuntime(deps, {
      driver,
      store: executions,
      starter: {
        store,
        executions,
        catalog: adapters.catalog,
        launcher: adapters.launcher,
        launchSettings: adapters.launchSettings,
        launchInventory: (accountId, region) => launchInventory(deps, accountId, region),
        now,
        pollMinMs: 1000,
        pollMaxMs: 15_000,
      },
    });
  }
  return {
    app: createApp(deps),
    deps,
    destroy: () => {
      adapters.destroy();
      client.destroy();
      sfn?.destroy();
    },
  };
};
