import { z } from "@hono/zod-openapi";
import type { App, AppDeps } from "../../app-deps";
import { AccountRegionQuery, UPSTREAM_ERROR_RESPONSES } from "../../http/account-region-params";
import { Envelope, sendOk } from "../../http/envelope";
import { secureRoute } from "../../http/secure-route";
import {
  listInstanceProfiles,
  listInstanceTypes,
  listSecurityGroups,
  listSubnets,
} from "../../services/ec2-resources";

const VpcQuery = AccountRegionQuery.extend({
  vpcId: z
    .string()
    .regex(/^vpc-[0-9a-f]{8,17}$/, "must be a VPC id (vpc-...)")
    .optional()
    .meta({ description: "Only this VPC" }),
});

const SubnetQuery = VpcQuery.extend({
  availabilityZone: z
    .string()
    .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/, "must be an availability zone such as us-east-1a")
    .optional()
    .meta({ description: "Only this availability zone" }),
});
const InstanceTypeQuery = AccountRegionQuery.extend({
  instanceFamily: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,15}$/, "must be an instance family such as m5 or r6i")
    .optional()
    .meta({ description: "Only this family (the part before the dot: m5 → m5.large, m5.xlarge...)" }),
});

const Subnet = z
  .object({
    subnetId: z.string(),
    vpcId: z.string(),
    cidrBlock: z.string().optional(),
    availabilityZone: z.string().optional(),
    name: z.string().optional(),
  })
  .openapi("Ec2Subnet");
const SecurityGroup = z
  .object({
    groupId: z.string(),
    groupName: z.string(),
    vpcId: z.string().optional(),
    description: z.string().optional(),
  })
  .openapi("Ec2SecurityGroup");
const InstanceType = z
  .object({
    instanceType: z.string(),
    vCpus: z.int().optional(),
    memoryMiB: z.int().optional(),
    currentGeneration: z.boolean().optional(),
  })
  .openapi("Ec2InstanceType");
const InstanceProfile = z
  .object({ instanceProfileName: z.string(), arn: z.string(), roles: z.array(z.string()) })
  .openapi("IamInstanceProfile");

/** A GET of EC2/IAM resources of one account-region for the launch-settings pickers. */
const ec2ListRoute = <Q extends z.ZodObject, T extends z.ZodType>(
  path: string,
  summary: string,
  query: Q,
  item: T,
  description: string,
) =>
  secureRoute("drs:ViewResources", {
    method: "get",
    path,
    tags: ["ec2"],
    summary,
    request: { query },
    responses: {
      ...UPSTREAM_ERROR_RESPONSES,
      200: {
        description,
        content: { "application/json": { schema: Envelope(z.object({ items: z.array(item) })) } },
      },
    },
  });

const subnetsRoute = ec2ListRoute(
  "/api/ec2/subnets",
  "EC2 subnets for launch settings",
  SubnetQuery,
  Subnet,
  "Subnets",
);
const securityGroupsRoute = ec2ListRoute(
  "/api/ec2/security-groups",
  "EC2 security groups for launch settings",
  VpcQuery,
  SecurityGroup,
  "Security groups",
);
const instanceTypesRoute = ec2ListRoute(
  "/api/ec2/instance-types",
  "EC2 instance types offered in the region",
  InstanceTypeQuery,
  InstanceType,
  "Instance types",
);
const instanceProfilesRoute = ec2ListRoute(
  "/api/ec2/instance-profiles",
  "IAM instance profiles recovered instances can use",
  AccountRegionQuery,
  InstanceProfile,
  "Instance profiles",
);

export function registerEc2Resources(app: App, deps: AppDeps): void {
  app.openapi(subnetsRoute, async (c) => sendOk(c, await listSubnets(deps, c.req.valid("query")), 200));
  app.openapi(securityGroupsRoute, async (c) =>
    sendOk(c, await listSecurityGroups(deps, c.req.valid("query")), 200),
  );
  app.openapi(instanceTypesRoute, async (c) =>
    sendOk(c, await listInstanceTypes(deps, c.req.valid("query")), 200),
  );
  app.openapi(instanceProfilesRoute, async (c) =>
    sendOk(c, await listInstanceProfiles(deps, c.req.valid("query")), 200),
  );
}
