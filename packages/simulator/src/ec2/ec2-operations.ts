import { PHASE_MINUTES } from "../phase-durations";
import { filterParams, intParam, listParam, pageOf, QueryError } from "../query/query-params";
import type { XmlValue } from "../query/xml";
import { iso } from "../sim-clock";
import type { Ec2InstanceRecord } from "../world-records";
import type { Ec2Call } from "./ec2-call";
import { ec2StateAt, statusChecksAt } from "./instance-state";
import { INSTANCE_TYPES } from "./instance-types";
import { LAUNCH_TEMPLATE_OPERATIONS } from "./launch-templates";

const tagSet = (tags: Record<string, string>): XmlValue[] =>
  Object.entries(tags).map(([key, value]) => ({ key, value }));

const matchesTagFilter = (
  tags: Record<string, string>,
  name: string,
  values: string[],
): boolean | undefined => {
  if (name.startsWith("tag:")) {
    const v = tags[name.slice(4)];
    return v !== undefined && values.includes(v);
  }
  if (name === "tag-key") return values.some((k) => k in tags);
  return undefined;
};

/** Every instance among `ids` must exist (EC2 fails the whole call otherwise). */
function instancesById(call: Ec2Call, ids: string[]): Ec2InstanceRecord[] {
  const all = call.region?.instances ?? new Map<string, Ec2InstanceRecord>();
  if (ids.length === 0) return [...all.values()];
  const missing = ids.filter((id) => !all.has(id));
  if (missing.length > 0) {
    const malformed = missing.find((id) => !/^i-[0-9a-f]{8}([0-9a-f]{9})?$/.test(id));
    if (malformed) throw new QueryError("InvalidInstanceID.Malformed", `Invalid id: "${malformed}"`);
    throw new QueryError(
      "InvalidInstanceID.NotFound",
      `The instance ID${missing.length > 1 ? "s" : ""} '${missing.join(", ")}' ${missing.length > 1 ? "do" : "does"} not exist`,
    );
  }
  return ids.map((id) => all.get(id)).filter((i): i is Ec2InstanceRecord => i !== undefined);
}

function instanceXml(instance: Ec2InstanceRecord, call: Ec2Call): XmlValue {
  const state = ec2StateAt(instance, call.now);
  const sg = call.region?.network.securityGroups.find((g) => g.groupId === instance.securityGroupId);
  return {
    instanceId: instance.instanceId,
    imageId: instance.imageId,
    instanceState: { code: state.code, name: state.name },
    privateDnsName: `ip-${instance.privateIpAddress.replaceAll(".", "-")}.${call.regionName}.compute.internal`,
    instanceType: instance.instanceType,
    launchTime: iso(instance.launchedAt),
    placement: { availabilityZone: instance.availabilityZone, tenancy: "default" },
    monitoring: { state: "disabled" },
    subnetId: state.name === "terminated" ? undefined : instance.subnetId,
    vpcId: state.name === "terminated" ? undefined : instance.vpcId,
    privateIpAddress: state.name === "terminated" ? undefined : instance.privateIpAddress,
    groupSet: sg ? [{ groupId: sg.groupId, groupName: sg.groupName }] : [],
    architecture: "x86_64",
    rootDeviceType: "ebs",
    rootDeviceName: "/dev/xvda",
    virtualizationType: "hvm",
    hypervisor: "xen",
    tagSet: tagSet(instance.tags),
  };
}

function filterInstances(instances: Ec2InstanceRecord[], call: Ec2Call): Ec2InstanceRecord[] {
  let result = instances;
  for (const { name, values } of filterParams(call.params)) {
    result = result.filter((i) => {
      const tagMatch = matchesTagFilter(i.tags, name, values);
      if (tagMatch !== undefined) return tagMatch;
      switch (name) {
        case "instance-id":
          return values.includes(i.instanceId);
        case "instance-state-name":
          return values.includes(ec2StateAt(i, call.now).name);
        case "subnet-id":
          return values.includes(i.subnetId);
        case "vpc-id":
          return values.includes(i.vpcId);
        case "instance-type":
          return values.includes(i.instanceType);
        default:
          throw new QueryError("InvalidParameterValue", `The filter '${name}' is invalid`);
      }
    });
  }
  return result;
}

/** EC2 operations (query protocol); each returns the children of `<ActionResponse>` after `requestId`. */
export const EC2_OPERATIONS: Record<string, (call: Ec2Call) => Record<string, XmlValue>> = {
  ...LAUNCH_TEMPLATE_OPERATIONS,
  /** Tags of the source instances that DRS source servers replicate (filters: resource-id, key). */
  DescribeTags(call) {
    const filters = filterParams(call.params);
    for (const f of filters)
      if (!["resource-id", "key", "resource-type"].includes(f.name))
        throw new QueryError("InvalidParameterValue", `The filter '${f.name}' is invalid`);
    const wants = (name: string, value: string) =>
      filters.filter((f) => f.name === name).every((f) => f.values.includes(value));
    const tagSetItems: XmlValue[] = [];
    for (const server of call.region?.servers.values() ?? []) {
      if (!wants("resource-id", server.sourceInstanceId) || !wants("resource-type", "instance")) continue;
      for (const [key, value] of Object.entries(server.sourceInstanceTags))
        if (wants("key", key))
          tagSetItems.push({ resourceId: server.sourceInstanceId, resourceType: "instance", key, value });
    }
    return { tagSet: tagSetItems };
  },

  DescribeInstances(call) {
    const ids = listParam(call.params, "InstanceId");
    const maxResults = intParam(call.params, "MaxResults", 5, 1000);
    if (maxResults !== undefined && ids.length > 0)
      throw new QueryError(
        "InvalidParameterCombination",
        "The parameter instancesSet cannot be used with the parameter maxResults",
      );
    const instances = filterInstances(instancesById(call, ids), call);
    const page = pageOf(instances, maxResults, call.params.get("NextToken"));
    return {
      reservationSet: page.items.map((i) => ({
        reservationId: `r-${i.instanceId.slice(2)}`,
        ownerId: call.accountId,
        groupSet: [],
        instancesSet: [instanceXml(i, call)],
      })),
      nextToken: page.nextToken,
    };
  },

  DescribeInstanceStatus(call) {
    const ids = listParam(call.params, "InstanceId");
    const maxResults = intParam(call.params, "MaxResults", 5, 1000);
    if (maxResults !== undefined && ids.length > 0)
      throw new QueryError(
        "InvalidParameterCombination",
        "The parameter instancesSet cannot be used with the parameter maxResults",
      );
    if (ids.length > 100)
      throw new QueryError(
        "InvalidParameterValue",
        `The maximum number of instance IDs that can be specified is 100; ${ids.length} were given`,
      );
    const includeAll = call.params.get("IncludeAllInstances") === "true";
    let instances = instancesById(call, ids).filter(
      (i) => includeAll || ec2StateAt(i, call.now).name === "running",
    );
    for (const { name, values } of filterParams(call.params)) {
      if (name === "instance-state-name")
        instances = instances.filter((i) => values.includes(ec2StateAt(i, call.now).name));
      else if (name === "instance-status.status" || name === "system-status.status")
        instances = instances.filter((i) => values.includes(statusChecksAt(i, call.now)));
      else throw new QueryError("InvalidParameterValue", `The filter '${name}' is invalid`);
    }
    const page = pageOf(instances, maxResults, call.params.get("NextToken"));
    return {
      instanceStatusSet: page.items.map((i) => {
        const state = ec2StateAt(i, call.now);
        const checks = statusChecksAt(i, call.now);
        const summary = {
          status: checks,
          details:
            checks === "not-applicable"
              ? []
              : [{ name: "reachability", status: checks === "ok" ? "passed" : "initializing" }],
        };
        return {
          instanceId: i.instanceId,
          availabilityZone: i.availabilityZone,
          instanceState: { code: state.code, name: state.name },
          systemStatus: summary,
          instanceStatus: summary,
          eventsSet: [],
        };
      }),
      nextToken: page.nextToken,
    };
  },

  TerminateInstances(call) {
    const ids = listParam(call.params, "InstanceId");
    if (ids.length === 0)
      throw new QueryError("MissingParameter", "The request must contain the parameter InstanceId");
    const instances = instancesById(call, ids);
    return {
      instancesSet: instances.map((i) => {
        const previous = ec2StateAt(i, call.now);
        if (i.terminateAt === undefined) {
          i.terminateAt = call.now;
          i.terminatedAt = call.now + call.sim.clock.durationMs(PHASE_MINUTES.shuttingDown);
        }
        const current = ec2StateAt(i, call.now);
        return {
          instanceId: i.instanceId,
          currentState: { code: current.code, name: current.name },
          previousState: { code: previous.code, name: previous.name },
        };
      }),
    };
  },

  DescribeVpcs(call) {
    const ids = listParam(call.params, "VpcId");
    let vpcs = call.region?.network.vpcs ?? [];
    if (ids.length > 0) {
      const missing = ids.find((id) => !vpcs.some((v) => v.vpcId === id));
      if (missing) throw new QueryError("InvalidVpcID.NotFound", `The vpc ID '${missing}' does not exist`);
      vpcs = vpcs.filter((v) => ids.includes(v.vpcId));
    }
    for (const { name, values } of filterParams(call.params)) {
      if (name.startsWith("tag:") || name === "tag-key")
        vpcs = vpcs.filter((v) => matchesTagFilter({ Name: v.name }, name, values) === true);
      else if (name === "vpc-id") vpcs = vpcs.filter((v) => values.includes(v.vpcId));
      else throw new QueryError("InvalidParameterValue", `The filter '${name}' is invalid`);
    }
    return {
      vpcSet: vpcs.map((v) => ({
        vpcId: v.vpcId,
        state: "available",
        cidrBlock: v.cidrBlock,
        ownerId: call.accountId,
        isDefault: false,
        instanceTenancy: "default",
        tagSet: [{ key: "Name", value: v.name }],
      })),
    };
  },

  DescribeSubnets(call) {
    const ids = listParam(call.params, "SubnetId");
    let subnets = call.region?.network.subnets ?? [];
    if (ids.length > 0) {
      const missing = ids.find((id) => !subnets.some((s) => s.subnetId === id));
      if (missing)
        throw new QueryError("InvalidSubnetID.NotFound", `The subnet ID '${missing}' does not exist`);
      subnets = subnets.filter((s) => ids.includes(s.subnetId));
    }
    for (const { name, values } of filterParams(call.params)) {
      if (name === "vpc-id") subnets = subnets.filter((s) => values.includes(s.vpcId));
      else if (name === "subnet-id") subnets = subnets.filter((s) => values.includes(s.subnetId));
      else if (name === "availability-zone")
        subnets = subnets.filter((s) => values.includes(s.availabilityZone));
      else throw new QueryError("InvalidParameterValue", `The filter '${name}' is invalid`);
    }
    return {
      subnetSet: subnets.map((s) => ({
        subnetId: s.subnetId,
        subnetArn: `arn:aws:ec2:${call.regionName}:${call.accountId}:subnet/${s.subnetId}`,
        state: "available",
        vpcId: s.vpcId,
        cidrBlock: s.cidrBlock,
        availableIpAddressCount: 4091,
        availabilityZone: s.availabilityZone,
        defaultForAz: false,
        mapPublicIpOnLaunch: false,
        ownerId: call.accountId,
        tagSet: [{ key: "Name", value: s.name }],
      })),
    };
  },

  DescribeSecurityGroups(call) {
    const ids = listParam(call.params, "GroupId");
    const names = listParam(call.params, "GroupName");
    let groups = call.region?.network.securityGroups ?? [];
    if (ids.length > 0) {
      const missing = ids.find((id) => !groups.some((g) => g.groupId === id));
      if (missing)
        throw new QueryError("InvalidGroup.NotFound", `The security group '${missing}' does not exist`);
      groups = groups.filter((g) => ids.includes(g.groupId));
    }
    if (names.length > 0) groups = groups.filter((g) => names.includes(g.groupName));
    for (const { name, values } of filterParams(call.params)) {
      if (name === "vpc-id") groups = groups.filter((g) => values.includes(g.vpcId));
      else if (name === "group-name") groups = groups.filter((g) => values.includes(g.groupName));
      else if (name === "group-id") groups = groups.filter((g) => values.includes(g.groupId));
      else throw new QueryError("InvalidParameterValue", `The filter '${name}' is invalid`);
    }
    return {
      securityGroupInfo: groups.map((g) => ({
        ownerId: call.accountId,
        groupId: g.groupId,
        groupName: g.groupName,
        groupDescription: g.description,
        vpcId: g.vpcId,
        ipPermissions: [],
        ipPermissionsEgress: [{ ipProtocol: "-1", ipRanges: [{ cidrIp: "0.0.0.0/0" }] }],
      })),
    };
  },

  DescribeInstanceTypes(call) {
    const wanted = listParam(call.params, "InstanceType");
    const unknown = wanted.find((t) => !INSTANCE_TYPES.some((i) => i.type === t));
    if (unknown)
      throw new QueryError(
        "InvalidInstanceType",
        `The following supplied instance types do not exist: [${unknown}]`,
      );
    const types = wanted.length > 0 ? INSTANCE_TYPES.filter((t) => wanted.includes(t.type)) : INSTANCE_TYPES;
    const page = pageOf(types, intParam(call.params, "MaxResults", 5, 100), call.params.get("NextToken"));
    return {
      instanceTypeSet: page.items.map((t) => ({
        instanceType: t.type,
        currentGeneration: true,
        supportedUsageClasses: ["on-demand", "spot"],
        processorInfo: { supportedArchitectures: ["x86_64"] },
        vCpuInfo: { defaultVCpus: t.vcpus, defaultCores: Math.max(1, t.vcpus / 2) },
        memoryInfo: { sizeInMiB: t.memoryMiB },
        networkInfo: { networkPerformance: t.network },
        hypervisor: "nitro",
      })),
      nextToken: page.nextToken,
    };
  },
};
