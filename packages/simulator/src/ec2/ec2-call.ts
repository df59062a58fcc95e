import type { World } from "../world";
import type { RegionWorld } from "../world-records";

/** One EC2 Query request as an operation sees it (`ec2-operations.ts`, `launch-templates.ts`). */
export interface Ec2Call {
  sim: World;
  /** Undefined when the account-region is not in the fleet: EC2 then simply has nothing in it. */
  region: RegionWorld | undefined;
  accountId: string;
  regionName: string;
  now: number;
  params: URLSearchParams;
}
