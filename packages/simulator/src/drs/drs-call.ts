import type { World } from "../world";
import type { RegionWorld } from "../world-records";
import type { JsonObject } from "./request-fields";

/** One DRS request as an operation sees it (`drs-operations.ts`, `replication-configuration.ts`). */
export interface DrsCall {
  sim: World;
  region: RegionWorld;
  now: number;
  input: JsonObject;
  /** `{resourceArn}` of the tag operations (`/tags/{resourceArn}`). */
  resourceArn?: string;
  query: URLSearchParams;
}

export interface DrsResult {
  status: number;
  body?: unknown;
}
