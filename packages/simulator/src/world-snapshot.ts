import type { DrsQuotas } from "@drso/core";
import {
  loadReplicationConfiguration,
  type ReplicationConfigurationRecord,
  savedReplicationConfiguration,
} from "./drs/replication-configuration";
import { type LaunchTemplateRecord, loadLaunchTemplate, savedLaunchTemplate } from "./ec2/launch-templates";
import type { World } from "./world";
import type {
  Ec2InstanceRecord,
  JobRecord,
  PublishedSnsMessage,
  RecoveryInstanceRecord,
  SourceServerRecord,
} from "./world-records";

/**
 * Everything operations have changed in a World, as JSON: source servers (with their launch
 * templates and replication settings), jobs, recovery and EC2 instances, SNS messages and the
 * position of the random sequence. The parts derived from the fleet spec (accounts, networks) are
 * rebuilt from it instead.
 */
export interface WorldSnapshot {
  rngState: number;
  snsMessages: PublishedSnsMessage[];
  regions: RegionSnapshot[];
}

interface RegionSnapshot {
  accountId: string;
  region: string;
  initialized: boolean;
  quotas: DrsQuotas;
  servers: {
    record: SourceServerRecord;
    launchTemplate?: LaunchTemplateRecord;
    replicationConfiguration?: ReplicationConfigurationRecord;
  }[];
  /** In creation order. */
  jobs: JobRecord[];
  activeJobIds: string[];
  recoveryInstances: RecoveryInstanceRecord[];
  instances: Ec2InstanceRecord[];
  nextIp: number;
  liveRecoveryInstances: number;
}

export function snapshotWorld(world: World): WorldSnapshot {
  return {
    rngState: world.rng.saved(),
    snsMessages: [...world.snsMessages],
    regions: world.allRegions().map((r) => ({
      accountId: r.accountId,
      region: r.region,
      initialized: r.initialized,
      quotas: r.quotas,
      servers: [...r.servers.values()].map((record) => {
        const launchTemplate = savedLaunchTemplate(record);
        const replicationConfiguration = savedReplicationConfiguration(record);
        return {
          record,
          ...(launchTemplate && { launchTemplate }),
          ...(replicationConfiguration && { replicationConfiguration }),
        };
      }),
      jobs: r.jobList,
      activeJobIds: [...r.activeJobs].map((j) => j.jobID),
      recoveryInstances: [...r.recoveryInstances.values()],
      instances: [...r.instances.values()],
      nextIp: r.nextIp,
      liveRecoveryInstances: r.liveRecoveryInstances,
    })),
  };
}

/** Puts a snapshot's state into a World freshly built from the same fleet spec. */
export function restoreWorld(world: World, snapshot: WorldSnapshot): void {
  world.rng.resume(snapshot.rngState);
  world.snsMessages.splice(0, world.snsMessages.length, ...snapshot.snsMessages);
  for (const saved of snapshot.regions) {
    const region = world.regionWorld(saved.accountId, saved.region);
    if (!region) continue;
    region.initialized = saved.initialized;
    region.quotas = saved.quotas;
    region.servers = new Map(
      saved.servers.map(({ record, launchTemplate, replicationConfiguration }) => {
        if (launchTemplate) loadLaunchTemplate(record, launchTemplate);
        if (replicationConfiguration) loadReplicationConfiguration(record, replicationConfiguration);
        return [record.sourceServerID, record];
      }),
    );
    region.jobList = saved.jobs;
    region.jobs = new Map(saved.jobs.map((j) => [j.jobID, j]));
    const active = new Set(saved.activeJobIds);
    region.activeJobs = new Set(saved.jobs.filter((j) => active.has(j.jobID)));
    region.recoveryInstances = new Map(saved.recoveryInstances.map((r) => [r.recoveryInstanceID, r]));
    region.instances = new Map(saved.instances.map((i) => [i.instanceId, i]));
    region.nextIp = saved.nextIp;
    region.liveRecoveryInstances = saved.liveRecoveryInstances;
  }
}
