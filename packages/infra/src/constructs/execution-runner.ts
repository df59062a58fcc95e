import { buildExecutionStateMachineDefinition } from "@drso/aws";
import { Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import * as iam from "aws-cdk-lib/aws-iam";
import * as logs from "aws-cdk-lib/aws-logs";
import type * as sns from "aws-cdk-lib/aws-sns";
import * as sfn from "aws-cdk-lib/aws-stepfunctions";
import { Construct } from "constructs";
import type { DataTables } from "./data-tables";
import { DrsoFunction } from "./drso-function";
import { recoveryStatements } from "./recovery-permissions";

export interface ExecutionRunnerProps {
  envName: string;
  regions: string[];
  tables: DataTables;
  topic: sns.ITopic;
  /** ARNs of the cross-account roles: the only roles the runner may assume. */
  crossAccountRoleArns: string[];
  lambdaEntry: (name: string) => string;
}

/**
 * The Step Functions runner: one state machine execution per DRS Orchestrator execution, looping
 * around the Tick Lambda (ASL from `@drso/aws`). EventBridge sends DRS job and EC2 state changes to
 * the Wake Lambda, which ticks the affected execution at once instead of waiting for the next poll.
 */
export class ExecutionRunner extends Construct {
  readonly tickFunction: DrsoFunction;
  readonly wakeFunction: DrsoFunction;
  readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: ExecutionRunnerProps) {
    super(scope, id);
    const { account } = Stack.of(this);
    const environment = {
      ...props.tables.environment,
      DRSO_MODE: "aws",
      DRSO_HOME_ACCOUNT_ID: account,
      DRSO_NOTIFICATION_TOPIC_ARN: props.topic.topicArn,
      DRSO_REGIONS: props.regions.join(","),
    };
    this.tickFunction = new DrsoFunction(this, "TickFunction", {
      entry: props.lambdaEntry("tick-handler.ts"),
      serviceName: "drso-tick",
      environment,
      // A tick makes at most a few DRS/EC2 calls per account-region; 2 minutes covers throttling backoff.
      timeout: Duration.minutes(2),
    });
    this.wakeFunction = new DrsoFunction(this, "WakeFunction", {
      entry: props.lambdaEntry("wake-handler.ts"),
      serviceName: "drso-wake",
      environment,
      timeout: Duration.minutes(2),
    });

    const stateMachineLogs = new logs.LogGroup(this, "StateMachineLogs", {
      logGroupName: `/aws/vendedlogs/states/drso-${props.envName}-executions`,
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // A Step Functions definition substitution, filled in below with the function's ARN token.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Step Functions substitution syntax, not JS.
    const definition = buildExecutionStateMachineDefinition({ tickFunctionArn: "${TickFunctionArn}" });
    this.stateMachine = new sfn.StateMachine(this, "StateMachine", {
      stateMachineName: `drso-${props.envName}-executions`,
      definitionBody: sfn.DefinitionBody.fromString(JSON.stringify(definition)),
      definitionSubstitutions: { TickFunctionArn: this.tickFunction.functionArn },
      tracingEnabled: true,
      logs: { destination: stateMachineLogs, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });
    this.tickFunction.grantInvoke(this.stateMachine);

    for (const fn of [this.tickFunction, this.wakeFunction]) {
      props.tables.grantStoreAccess(fn);
      props.topic.grantPublish(fn);
      for (const statement of recoveryStatements(account, props.regions)) fn.addToRolePolicy(statement);
      if (props.crossAccountRoleArns.length > 0) {
        fn.addToRolePolicy(
          new iam.PolicyStatement({
            sid: "AssumeTargetAccountRoles",
            actions: ["sts:AssumeRole"],
            resources: props.crossAccountRoleArns,
          }),
        );
      }
    }
    // The wake path answers task tokens of this machine only (the Tick never does: it would be a cycle).
    this.stateMachine.grantTaskResponse(this.wakeFunction);
    // ... and restarts the loop of an execution stranded PENDING (the API died before StartExecution).
    this.stateMachine.grantStartExecution(this.wakeFunction);
    this.wakeFunction.addEnvironment("DRSO_STATE_MACHINE_ARN", this.stateMachine.stateMachineArn);
    new events.Rule(this, "StrandedExecutionSweep", {
      description: "Restarts the Step Functions loop of executions left PENDING without one",
      schedule: events.Schedule.rate(Duration.minutes(5)),
      targets: [new targets.LambdaFunction(this.wakeFunction, { retryAttempts: 1 })],
    });

    // DRS launch results and EC2 state changes wake executions early; polling stays the fallback.
    new events.Rule(this, "DrsJobEvents", {
      description: "DRS recovery job and instance launch results wake the execution that owns them",
      eventPattern: {
        source: ["aws.drs"],
        detailType: ["DRS Source Server Launch Result"],
      },
      targets: [new targets.LambdaFunction(this.wakeFunction, { retryAttempts: 2 })],
    });
    new events.Rule(this, "Ec2StateEvents", {
      description: "EC2 instances reaching running/stopped/terminated wake the execution health checks",
      eventPattern: {
        source: ["aws.ec2"],
        detailType: ["EC2 Instance State-change Notification"],
        detail: { state: ["running", "stopped", "terminated"] },
      },
      targets: [new targets.LambdaFunction(this.wakeFunction, { retryAttempts: 2 })],
    });
  }
}
