import * as iam from "aws-cdk-lib/aws-iam";

/**
 * What the orchestrator may do in DRS and EC2, in the account it runs in and (through the
 * cross-account role) in target accounts. DRS and EC2 mutations name resource ARNs of the
 * configured regions; EC2 changes further need the tag DRS puts on what it manages. Only the
 * Describe/List actions, which support no resource-level permissions, use `*`.
 */
export const DRS_READ_ACTIONS = [
  "drs:DescribeSourceServers",
  "drs:DescribeJobs",
  "drs:DescribeJobLogItems",
  "drs:DescribeRecoveryInstances",
  "drs:DescribeRecoverySnapshots",
  "drs:GetLaunchConfiguration",
  "drs:GetReplicationConfiguration",
  "drs:ListTagsForResource",
];
export const DRS_RECOVERY_ACTIONS = [
  "drs:StartRecovery",
  "drs:TerminateRecoveryInstances",
  "drs:CreateRecoveryInstanceForDrs",
  "drs:TagResource",
];
export const EC2_READ_ACTIONS = [
  "ec2:DescribeInstances",
  "ec2:DescribeInstanceStatus",
  "ec2:DescribeInstanceTypes",
  "ec2:DescribeSubnets",
  "ec2:DescribeSecurityGroups",
  "ec2:DescribeLaunchTemplateVersions",
  "ec2:DescribeTags",
  "iam:ListInstanceProfiles",
];
/** What the API changes on source servers besides recovery: launch/replication settings, tags. */
export const DRS_SETTINGS_ACTIONS = [
  "drs:UpdateLaunchConfiguration",
  "drs:UpdateReplicationConfiguration",
  "drs:TagResource",
  "drs:UntagResource",
];
/** The tag DRS puts on every EC2 resource it creates or manages. */
export const DRS_MANAGED_TAG = "AWSElasticDisasterRecoveryManaged";

const ec2Arns = (account: string, regions: readonly string[], type: string, owner = account) =>
  regions.map((region) => `arn:aws:ec2:${region}:${owner}:${type}/*`);

/**
 * EC2 changes, scoped the way AWS's managed policy AWSElasticDisasterRecoveryConsoleFullAccess (v8)
 * scopes them: only resources DRS manages (tag `AWSElasticDisasterRecoveryManaged`, which DRS puts
 * on its launch templates and recovery instances), and launches/terminations only when DRS makes
 * them on our behalf (`aws:ViaAWSService`). The product itself calls only the launch-template
 * actions (packages/aws/src/drs-launch-settings.ts); the rest DRS makes during StartRecovery and
 * TerminateRecoveryInstances with the caller's credentials.
 */
const ec2RecoveryStatements = (account: string, regions: readonly string[]): iam.PolicyStatement[] => {
  const viaDrs = { Bool: { "aws:ViaAWSService": "true" } };
  return [
    // ConsoleFullAccess10: DRS launch templates (the launch-settings routes and group defaults).
    new iam.PolicyStatement({
      sid: "ChangeDrsLaunchTemplates",
      actions: ["ec2:CreateLaunchTemplateVersion", "ec2:ModifyLaunchTemplate", "ec2:CreateTags"],
      resources: ec2Arns(account, regions, "launch-template"),
      conditions: { Null: { [`aws:ResourceTag/${DRS_MANAGED_TAG}`]: "false" } },
    }),
    // ConsoleFullAccess13: terminate only DRS-managed instances, and only through DRS.
    new iam.PolicyStatement({
      sid: "TerminateDrsManagedInstances",
      actions: ["ec2:TerminateInstances"],
      resources: ec2Arns(account, regions, "instance"),
      conditions: { Null: { [`aws:ResourceTag/${DRS_MANAGED_TAG}`]: "false" }, ...viaDrs },
    }),
    // ConsoleFullAccess24: a new instance must carry the DRS tag in the launch request itself.
    new iam.PolicyStatement({
      sid: "LaunchDrsManagedInstances",
      actions: ["ec2:RunInstances"],
      resources: ec2Arns(account, regions, "instance"),
      conditions: { Null: { [`aws:RequestTag/${DRS_MANAGED_TAG}`]: "false" }, ...viaDrs },
    }),
    // ConsoleFullAccess25: the other resources a launch touches, only through DRS. AMIs may be
    // owned by another account (or none), so their ARN leaves the account out.
    new iam.PolicyStatement({
      sid: "LaunchWithDrsResources",
      actions: ["ec2:RunInstances"],
      resources: [
        ...["security-group", "volume", "subnet", "network-interface", "launch-template"].flatMap((type) =>
          ec2Arns(account, regions, type),
        ),
        ...ec2Arns(account, regions, "image", "*"),
      ],
      conditions: viaDrs,
    }),
    // ConsoleFullAccess26: tags only while creating a resource, through DRS.
    new iam.PolicyStatement({
      sid: "TagOnLaunch",
      actions: ["ec2:CreateTags"],
      resources: ["instance", "volume", "snapshot", "security-group"].flatMap((type) =>
        ec2Arns(account, regions, type),
      ),
      conditions: {
        StringEquals: {
          "ec2:CreateAction": ["RunInstances", "CreateVolume", "CreateSnapshot", "CreateSecurityGroup"],
        },
        ...viaDrs,
      },
    }),
  ];
};

export const recoveryStatements = (account: string, regions: readonly string[]): iam.PolicyStatement[] => {
  const drsResources = regions.flatMap((region) => [
    `arn:aws:drs:${region}:${account}:source-server/*`,
    `arn:aws:drs:${region}:${account}:job/*`,
    `arn:aws:drs:${region}:${account}:recovery-instance/*`,
  ]);
  return [
    new iam.PolicyStatement({
      sid: "DescribeRecoveryResources",
      actions: [...DRS_READ_ACTIONS, ...EC2_READ_ACTIONS],
      resources: ["*"],
    }),
    new iam.PolicyStatement({
      sid: "LaunchAndTerminateRecovery",
      actions: DRS_RECOVERY_ACTIONS,
      resources: drsResources,
    }),
    ...ec2RecoveryStatements(account, regions),
  ];
};

/** Changes to source-server settings and tags (API routes, scheduled tag sync), per region. */
export const settingsStatements = (account: string, regions: readonly string[]): iam.PolicyStatement[] => [
  new iam.PolicyStatement({
    sid: "ChangeSourceServerSettings",
    actions: DRS_SETTINGS_ACTIONS,
    resources: regions.map((region) => `arn:aws:drs:${region}:${account}:source-server/*`),
  }),
];
