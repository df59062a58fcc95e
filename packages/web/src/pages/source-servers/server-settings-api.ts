import type {
  LaunchSettings,
  ReplicationSettings,
  ServerLaunchSettings,
  ServerReplicationSettings,
} from "@drso/core";
import { api, itemsOf } from "../../api/api-client";

/**
 * Calls of the source-server views: DRS launch/replication settings, tags, and the EC2 inventory
 * their pickers offer. Every call names the account-region, as the API resolves servers in it.
 */
export interface ServerScope {
  accountId: string;
  region: string;
}

const scopeQuery = ({ accountId, region }: ServerScope): string =>
  `?${new URLSearchParams({ accountId, region }).toString()}`;

export interface Subnet {
  subnetId: string;
  vpcId: string;
  cidrBlock?: string;
  availabilityZone?: string;
  name?: string;
}
export interface SecurityGroup {
  groupId: string;
  groupName: string;
  vpcId?: string;
  description?: string;
}
export interface InstanceType {
  instanceType: string;
  vCpus?: number;
  memoryMiB?: number;
}
export interface InstanceProfile {
  instanceProfileName: string;
  arn: string;
}
export interface TagsResult {
  serverId: string;
  tags: Record<string, string>;
  added: string[];
  changed: string[];
  removed: string[];
}

const base = (serverId: string) => `/drs/source-servers/${encodeURIComponent(serverId)}`;

export const getLaunchSettings = (serverId: string, scope: ServerScope) =>
  api.get<ServerLaunchSettings>(`${base(serverId)}/launch-settings${scopeQuery(scope)}`);
export const putLaunchSettings = (serverId: string, scope: ServerScope, body: LaunchSettings) =>
  api.put<ServerLaunchSettings>(`${base(serverId)}/launch-settings${scopeQuery(scope)}`, body);

export const getReplicationSettings = (serverId: string, scope: ServerScope) =>
  api.get<ServerReplicationSettings>(`${base(serverId)}/replication-settings${scopeQuery(scope)}`);
export const putReplicationSettings = (serverId: string, scope: ServerScope, body: ReplicationSettings) =>
  api.put<ServerReplicationSettings>(`${base(serverId)}/replication-settings${scopeQuery(scope)}`, body);

export const putTags = (serverId: string, scope: ServerScope, tags: Record<string, string>) =>
  api.put<TagsResult>(`${base(serverId)}/tags`, { ...scope, tags });

export const listSubnets = async (scope: ServerScope) =>
  itemsOf<Subnet>(await api.get(`/ec2/subnets${scopeQuery(scope)}`));
export const listSecurityGroups = async (scope: ServerScope) =>
  itemsOf<SecurityGroup>(await api.get(`/ec2/security-groups${scopeQuery(scope)}`));
export const listInstanceTypes = async (scope: ServerScope) =>
  itemsOf<InstanceType>(await api.get(`/ec2/instance-types${scopeQuery(scope)}`));
export const listInstanceProfiles = async (scope: ServerScope) =>
  itemsOf<InstanceProfile>(await api.get(`/ec2/instance-profiles${scopeQuery(scope)}`));
