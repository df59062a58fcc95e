import * as iam from "aws-cdk-lib/aws-iam";

/**
 * What the orchestrator may do in DRS and EC2, in the account it runs in and (through the
 * cross-account role) in target accounts. DRS and EC2 mutations are scoped to the configured
 * regions; EC2 changes further to resources DRS manages. Describe/List actions do not support
 * resource-level permissions, so they use `*` (suppressed in cdk-nag with that reason).
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
/** EC2 changes DRS makes with the caller's credentials while launching/terminating recovery instances. */
export const EC2_RECOVERY_ACTIONS = [
  "ec2:CreateLaunchTemplateVersion",
  "ec2:ModifyLaunchTemplate",
  "ec2:RunInstances",
  "ec2:TerminateInstances",
  "ec2:CreateTags",
];

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
    new iam.PolicyStatement({
      sid: "ChangeDrsManagedInstances",
      actions: EC2_RECOVERY_ACTIONS,
      resources: ["*"],
      // DRS makes these calls with the caller's credentials while it launches recovery instances.
      conditions: { StringEquals: { "aws:RequestedRegion": [...regions] } },
    }),
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
