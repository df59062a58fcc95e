import { Duration, Stack } from "aws-cdk-lib";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import * as iam from "aws-cdk-lib/aws-iam";
import { Construct } from "constructs";
import type { DataTables } from "./data-tables";
import { DrsoFunction } from "./drso-function";
import { DRS_READ_ACTIONS } from "./recovery-permissions";

export interface TagSyncScheduleProps {
  regions: string[];
  tables: DataTables;
  crossAccountRoleArns: string[];
  lambdaEntry: (name: string) => string;
}

/**
 * Scheduled tag sync on AWS (the local runner's `TagSyncScheduler`): an EventBridge schedule every
 * 5 minutes — the shortest interval the settings allow — invokes a Lambda that syncs EC2 source
 * instance tags to DRS source servers when tag sync is enabled and its interval has passed.
 */
export class TagSyncSchedule extends Construct {
  readonly function: DrsoFunction;
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: TagSyncScheduleProps) {
    super(scope, id);
    const { account } = Stack.of(this);
    this.function = new DrsoFunction(this, "TagSyncFunction", {
      entry: props.lambdaEntry("tag-sync-handler.ts"),
      serviceName: "drso-tag-sync",
      environment: {
        ...props.tables.environment,
        DRSO_MODE: "aws",
        DRSO_HOME_ACCOUNT_ID: account,
        DRSO_REGIONS: props.regions.join(","),
      },
      // One DescribeSourceServers + DescribeTags per 200 servers + a tag call per changed server.
      timeout: Duration.minutes(5),
    });
    // Settings, target accounts, groups and the schedule marker live in the config table.
    props.tables.config.grantReadWriteData(this.function);
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "ReadSourceServersAndInstanceTags",
        actions: [...DRS_READ_ACTIONS, "ec2:DescribeTags"],
        resources: ["*"],
      }),
    );
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "TagSourceServers",
        actions: ["drs:TagResource", "drs:UntagResource"],
        resources: props.regions.map((region) => `arn:aws:drs:${region}:${account}:source-server/*`),
      }),
    );
    if (props.crossAccountRoleArns.length > 0) {
      this.function.addToRolePolicy(
        new iam.PolicyStatement({
          sid: "AssumeTargetAccountRoles",
          actions: ["sts:AssumeRole"],
          resources: props.crossAccountRoleArns,
        }),
      );
    }
    this.rule = new events.Rule(this, "Schedule", {
      description: "Runs the scheduled DRS tag sync when enabled and due (the interval is a setting)",
      schedule: events.Schedule.rate(Duration.minutes(5)),
      targets: [new targets.LambdaFunction(this.function, { retryAttempts: 1 })],
    });
  }
}
