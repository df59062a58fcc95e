import { listParam, QueryError } from "../query/query-params";
import { XmlList, type XmlValue } from "../query/xml";
import { iso } from "../sim-clock";
import type { RegionWorld, SourceServerRecord } from "../world-records";
import type { Ec2Call } from "./ec2-call";

/** What one version of the EC2 launch template DRS keeps per source server says about the launch. */
export interface LaunchTemplateData {
  instanceType?: string;
  subnetId?: string;
  securityGroupIds?: string[];
  privateIpAddress?: string;
  iamInstanceProfileName?: string;
}

export interface LaunchTemplateRecord {
  launchTemplateId: string;
  sourceServerID: string;
  defaultVersion: number;
  versions: { versionNumber: number; createdAt: number; data: LaunchTemplateData }[];
}

/** Templates live beside the server records (keyed by them), so a rebuilt world starts fresh. */
const templates = new WeakMap<SourceServerRecord, LaunchTemplateRecord>();

/** DRS creates the template with the server; version 1 carries the source machine's instance type. */
export function launchTemplateOf(server: SourceServerRecord): LaunchTemplateRecord {
  let template = templates.get(server);
  if (!template) {
    template = {
      launchTemplateId: server.launchConfiguration.ec2LaunchTemplateID,
      sourceServerID: server.sourceServerID,
      defaultVersion: 1,
      versions: [
        { versionNumber: 1, createdAt: server.addedAt, data: { instanceType: server.instanceType } },
      ],
    };
    templates.set(server, template);
  }
  return template;
}

/** The template if it was ever read or changed (else it is derived again from the server). */
export const savedLaunchTemplate = (server: SourceServerRecord): LaunchTemplateRecord | undefined =>
  templates.get(server);

export function loadLaunchTemplate(server: SourceServerRecord, template: LaunchTemplateRecord): void {
  templates.set(server, template);
}

/** The data of the default version: what a recovery launch uses. */
export function defaultLaunchData(server: SourceServerRecord): LaunchTemplateData {
  const t = launchTemplateOf(server);
  return t.versions.find((v) => v.versionNumber === t.defaultVersion)?.data ?? {};
}

function templateById(call: Ec2Call, id: string | null): LaunchTemplateRecord {
  if (!id)
    throw new QueryError("MissingParameter", "The request must contain the parameter LaunchTemplateId");
  const server = serversOf(call.region).find((s) => s.launchConfiguration.ec2LaunchTemplateID === id);
  if (!server)
    throw new QueryError(
      "InvalidLaunchTemplateId.NotFound",
      `The specified launch template, with template ID ${id}, does not exist.`,
    );
  return launchTemplateOf(server);
}

const serversOf = (region: RegionWorld | undefined): SourceServerRecord[] => [
  ...(region?.servers.values() ?? []),
];

function versionOf(t: LaunchTemplateRecord, spec: string): LaunchTemplateRecord["versions"][number] {
  const latest = t.versions[t.versions.length - 1];
  const number =
    spec === "$Latest" ? latest?.versionNumber : spec === "$Default" ? t.defaultVersion : Number(spec);
  const version = t.versions.find((v) => v.versionNumber === number);
  if (!version)
    throw new QueryError(
      "InvalidLaunchTemplateId.VersionNotFound",
      `Could not find launch template version ${spec}.`,
    );
  return version;
}

function versionXml(t: LaunchTemplateRecord, v: LaunchTemplateRecord["versions"][number]): XmlValue {
  const d = v.data;
  const hasNic =
    d.subnetId !== undefined || d.securityGroupIds !== undefined || d.privateIpAddress !== undefined;
  return {
    launchTemplateId: t.launchTemplateId,
    launchTemplateName: t.launchTemplateId,
    versionNumber: v.versionNumber,
    createTime: iso(v.createdAt),
    createdBy: "arn:aws:sts::drs:assumed-role/AWSElasticDisasterRecovery",
    defaultVersion: v.versionNumber === t.defaultVersion,
    launchTemplateData: {
      instanceType: d.instanceType,
      iamInstanceProfile: d.iamInstanceProfileName ? { name: d.iamInstanceProfileName } : undefined,
      networkInterfaceSet: hasNic
        ? [
            {
              deviceIndex: 0,
              subnetId: d.subnetId,
              // EC2 encodes this list with <groupId> children, not <item>.
              groupSet: d.securityGroupIds && new XmlList("groupId", d.securityGroupIds),
              privateIpAddress: d.privateIpAddress,
            },
          ]
        : undefined,
    },
  };
}

/** `LaunchTemplateData.*` of CreateLaunchTemplateVersion, applied over the source version. */
function requestedData(
  params: URLSearchParams,
  base: LaunchTemplateData,
  region: RegionWorld | undefined,
): LaunchTemplateData {
  const data: LaunchTemplateData = { ...base };
  const p = "LaunchTemplateData.";
  const type = params.get(`${p}InstanceType`);
  if (type !== null) data.instanceType = type;
  const profile = params.get(`${p}IamInstanceProfile.Name`);
  if (profile !== null) data.iamInstanceProfileName = profile;
  const nic = `${p}NetworkInterface.1.`;
  const subnet = params.get(`${nic}SubnetId`);
  if (subnet !== null) {
    if (!region?.network.subnets.some((s) => s.subnetId === subnet))
      throw new QueryError("InvalidSubnetID.NotFound", `The subnet ID '${subnet}' does not exist`);
    data.subnetId = subnet;
  }
  const groups = listParam(params, `${nic}SecurityGroupId`);
  if (groups.length > 0) {
    const missing = groups.find((g) => !region?.network.securityGroups.some((sg) => sg.groupId === g));
    if (missing)
      throw new QueryError("InvalidGroup.NotFound", `The security group '${missing}' does not exist`);
    data.securityGroupIds = groups;
  }
  // A network interface lives in one VPC: EC2 refuses groups of another VPC than its subnet.
  const subnetVpc = region?.network.subnets.find((s) => s.subnetId === data.subnetId)?.vpcId;
  const foreign = data.securityGroupIds?.find(
    (g) =>
      subnetVpc !== undefined &&
      region?.network.securityGroups.find((sg) => sg.groupId === g)?.vpcId !== subnetVpc,
  );
  if (foreign)
    throw new QueryError(
      "InvalidParameter",
      `Security group ${foreign} and subnet ${data.subnetId} belong to different networks.`,
    );
  const ip = params.get(`${nic}PrivateIpAddress`);
  if (ip !== null) data.privateIpAddress = ip;
  return data;
}

/** EC2 launch template operations DRS users call on the per-server template. */
export const LAUNCH_TEMPLATE_OPERATIONS: Record<string, (call: Ec2Call) => Record<string, XmlValue>> = {
  DescribeLaunchTemplateVersions(call) {
    const t = templateById(call, call.params.get("LaunchTemplateId"));
    const specs = listParam(call.params, "LaunchTemplateVersion");
    const versions = specs.length > 0 ? specs.map((s) => versionOf(t, s)) : t.versions;
    return { launchTemplateVersionSet: versions.map((v) => versionXml(t, v)) };
  },

  CreateLaunchTemplateVersion(call) {
    const t = templateById(call, call.params.get("LaunchTemplateId"));
    const source = call.params.get("SourceVersion");
    const base = source ? versionOf(t, source).data : {};
    const data = requestedData(call.params, base, call.region);
    const versionNumber = (t.versions[t.versions.length - 1]?.versionNumber ?? 0) + 1;
    const version = { versionNumber, createdAt: call.now, data };
    t.versions.push(version);
    return { launchTemplateVersion: versionXml(t, version) };
  },

  ModifyLaunchTemplate(call) {
    const t = templateById(call, call.params.get("LaunchTemplateId"));
    const wanted = call.params.get("SetDefaultVersion");
    if (wanted !== null) t.defaultVersion = versionOf(t, wanted).versionNumber;
    return {
      launchTemplate: {
        launchTemplateId: t.launchTemplateId,
        launchTemplateName: t.launchTemplateId,
        defaultVersionNumber: t.defaultVersion,
        latestVersionNumber: t.versions[t.versions.length - 1]?.versionNumber,
      },
    };
  },
};
