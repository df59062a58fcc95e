import { UpstreamError } from "@drso/core";
import type { AppDeps } from "./app-deps";

/** The members of `AppDeps` a deployment may leave out, with the methods that prove each is one. */
const PORT_METHODS = {
  launcher: ["startRecovery", "describeJobs", "describeRecoveryInstances"],
  health: ["describeInstanceHealth"],
  accountAccess: ["validate"],
  ec2: ["listSubnets", "listSecurityGroups", "listInstanceTypes", "listInstanceProfiles"],
  launchSettings: ["getLaunchSettings", "updateLaunchSettings"],
  replicationSettings: ["getReplicationSettings", "updateReplicationSettings"],
  sourceServerTags: ["updateSourceServerTags", "instanceTags"],
  topicPublisher: ["publish"],
  executions: [],
  notifications: [],
} as const satisfies Record<string, readonly string[]>;

export type OptionalAdapter = keyof typeof PORT_METHODS;

/**
 * What a request that needs an absent adapter answers: always an `UpstreamError` (502), since the
 * orchestrator's configuration, not the request, must change. The health probe and SNS are never
 * required by a request (health checks and notifications are skipped without them).
 */
const UNAVAILABLE = {
  launcher: { code: "DRS_UNAVAILABLE", message: "DRS adapters are not configured on this server" },
  accountAccess: { code: "STS_UNAVAILABLE", message: "STS adapters are not configured on this server" },
  ec2: { code: "EC2_UNAVAILABLE", message: "EC2 adapters are not configured on this server" },
  launchSettings: {
    code: "LAUNCH_SETTINGS_UNAVAILABLE",
    message: "Launch settings adapters are not configured",
  },
  replicationSettings: {
    code: "REPLICATION_SETTINGS_UNAVAILABLE",
    message: "Replication settings adapters are not configured",
  },
  sourceServerTags: { code: "TAG_SYNC_UNAVAILABLE", message: "No DRS/EC2 adapters are configured" },
  executions: {
    code: "EXECUTIONS_UNAVAILABLE",
    message: "The execution runner is not configured on this server",
  },
  notifications: { code: "NOTIFICATIONS_UNAVAILABLE", message: "Notifications are not configured" },
} as const satisfies Partial<Record<OptionalAdapter, { code: string; message: string }>>;

/** The adapter, or the request fails with the adapter's `…_UNAVAILABLE` code (502). */
export function requireAdapter<K extends keyof typeof UNAVAILABLE>(
  deps: Pick<AppDeps, K>,
  name: K,
): NonNullable<AppDeps[K]> {
  const adapter = deps[name];
  if (adapter === undefined) throw new UpstreamError(UNAVAILABLE[name].code, UNAVAILABLE[name].message);
  return adapter;
}

/**
 * Refuses to build the app over an adapter that lacks a method of its port (a wiring mistake the
 * types cannot see, e.g. from JavaScript or a cast), naming the member: it fails at start, not on
 * the first request that needs it.
 */
export function assertAdapterShapes(deps: AppDeps): void {
  for (const [name, methods] of Object.entries(PORT_METHODS)) {
    const adapter: unknown = deps[name as OptionalAdapter];
    if (adapter === undefined) continue;
    const missing = (methods as readonly string[]).filter(
      (m) => typeof adapter !== "object" || adapter === null || typeof Reflect.get(adapter, m) !== "function",
    );
    if (missing.length > 0 || typeof adapter !== "object" || adapter === null)
      throw new Error(
        `AppDeps.${name} is not a ${name} adapter (missing: ${missing.join(", ") || "an object"})`,
      );
  }
}
