import type { Ec2InstanceRecord } from "../world-records";

/** EC2 instance state names with their numeric codes (as EC2 reports them). */
export const EC2_STATE_CODES = {
  pending: 0,
  running: 16,
  "shutting-down": 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
} as const;
export type Ec2StateName = keyof typeof EC2_STATE_CODES;

/** The instance's state at `now`, derived from its scheduled transitions. */
export function ec2StateAt(instance: Ec2InstanceRecord, now: number): { name: Ec2StateName; code: number } {
  const name: Ec2StateName =
    instance.terminatedAt !== undefined && now >= instance.terminatedAt
      ? "terminated"
      : instance.terminateAt !== undefined && now >= instance.terminateAt
        ? "shutting-down"
        : now >= instance.runningAt
          ? "running"
          : "pending";
  return { name, code: EC2_STATE_CODES[name] };
}

/** Instance and system status checks: `initializing` after boot, `ok` once they pass. */
export function statusChecksAt(
  instance: Ec2InstanceRecord,
  now: number,
): "ok" | "initializing" | "not-applicable" {
  if (ec2StateAt(instance, now).name !== "running") return "not-applicable";
  return now >= instance.statusOkAt ? "ok" : "initializing";
}
