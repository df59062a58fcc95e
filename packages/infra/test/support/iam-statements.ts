import type { Template } from "aws-cdk-lib/assertions";

export interface PolicyStatement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

interface PolicyResource {
  Properties: { Roles?: unknown[]; PolicyDocument: { Statement: PolicyStatement[] } };
}

/** Every statement of every AWS::IAM::Policy in the template, with the policy's logical id. */
export const policyStatements = (template: Template): (PolicyStatement & { policyId: string })[] =>
  Object.entries(template.findResources("AWS::IAM::Policy") as Record<string, PolicyResource>).flatMap(
    ([policyId, policy]) => policy.Properties.PolicyDocument.Statement.map((st) => ({ ...st, policyId })),
  );

/** The statements of the policies attached to the role with that logical id. */
export const roleStatements = (template: Template, roleId: string): PolicyStatement[] =>
  Object.values(template.findResources("AWS::IAM::Policy") as Record<string, PolicyResource>)
    .filter((p) => JSON.stringify(p.Properties.Roles ?? []).includes(`"${roleId}"`))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);

export const actionsOf = (st: PolicyStatement): string[] => [st.Action].flat();

/** A resource as text: `Fn::Join` parts joined, `{ Ref: X }` as `<X>`, like cdk-nag prints them. */
const resourceText = (resource: unknown): string => {
  if (typeof resource === "string") return resource;
  const value = resource as { "Fn::Join"?: [string, unknown[]]; Ref?: string; "Fn::GetAtt"?: string[] };
  if (value.Ref) return `<${value.Ref}>`;
  if (value["Fn::GetAtt"]) return `<${value["Fn::GetAtt"].join(".")}>`;
  if (value["Fn::Join"]) return value["Fn::Join"][1].map(resourceText).join(value["Fn::Join"][0]);
  return JSON.stringify(resource);
};
export const resourcesOf = (st: PolicyStatement): string[] => [st.Resource].flat().map(resourceText);

/** Read-only by name: the only actions AWS lets a policy grant on `*` without a resource type. */
export const isReadAction = (action: string): boolean =>
  /^[a-z0-9-]+:(Describe|List|Get)[A-Za-z]*$/.test(action);

/** EC2 actions that change something (everything but Describe/Get). */
export const isEc2Change = (action: string): boolean => action.startsWith("ec2:") && !isReadAction(action);

/**
 * The EC2 changes of the statements that allow them: for each, the resources and conditions. Used to
 * check that none is granted on `*` and each carries a condition.
 */
export const ec2Changes = (statements: readonly PolicyStatement[]) =>
  statements
    .filter((st) => st.Effect === "Allow" && actionsOf(st).some(isEc2Change))
    .map((st) => ({
      sid: st.Sid,
      actions: actionsOf(st).filter(isEc2Change),
      resources: resourcesOf(st),
      condition: st.Condition,
    }));

const DRS_MANAGED = "AWSElasticDisasterRecoveryManaged";

/**
 * What is wrong with the EC2 changes of these statements, measured against the scoping of AWS's
 * managed policy AWSElasticDisasterRecoveryConsoleFullAccess: nothing on `*`, every resource an ARN
 * of a configured region, a condition on each, terminations and launches only of DRS-tagged
 * instances through DRS, tags only on creation or on DRS launch templates. Empty when all is well.
 */
export const ec2ChangeProblems = (
  statements: readonly PolicyStatement[],
  regions: readonly string[],
): string[] => {
  const arnOfRegion = new RegExp(`^arn:aws:ec2:(${regions.join("|")}):`);
  const problems: string[] = [];
  for (const change of ec2Changes(statements)) {
    const label = `${change.sid ?? "(no sid)"} ${change.actions.join(",")}`;
    const condition = JSON.stringify(change.condition ?? {});
    if (!change.condition) problems.push(`${label}: no condition`);
    for (const resource of change.resources) {
      if (!arnOfRegion.test(resource)) problems.push(`${label}: resource ${resource}`);
    }
    const onlyOn = (type: string) => change.resources.every((r) => r.includes(`:${type}/`));
    if (change.actions.includes("ec2:TerminateInstances")) {
      if (!condition.includes(`ResourceTag/${DRS_MANAGED}`) || !condition.includes("aws:ViaAWSService"))
        problems.push(`${label}: terminates without the DRS tag, or not through DRS`);
    }
    if (change.actions.includes("ec2:RunInstances")) {
      if (!condition.includes("aws:ViaAWSService")) problems.push(`${label}: launches not through DRS`);
      if (
        change.resources.some((r) => r.includes(":instance/")) &&
        !condition.includes(`RequestTag/${DRS_MANAGED}`)
      )
        problems.push(`${label}: launches instances without the DRS tag in the request`);
    }
    if (
      change.actions.some((a) => a === "ec2:ModifyLaunchTemplate" || a === "ec2:CreateLaunchTemplateVersion")
    ) {
      if (!onlyOn("launch-template") || !condition.includes(`ResourceTag/${DRS_MANAGED}`))
        problems.push(`${label}: changes launch templates DRS does not manage`);
    }
    if (change.actions.includes("ec2:CreateTags")) {
      const onDrsTemplates = onlyOn("launch-template") && condition.includes(`ResourceTag/${DRS_MANAGED}`);
      if (!onDrsTemplates && !condition.includes("ec2:CreateAction"))
        problems.push(`${label}: tags other than DRS launch templates or new resources`);
    }
  }
  return problems;
};
