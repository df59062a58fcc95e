import { gunzipSync, gzipSync } from "node:zlib";
import { type ExecutionEvent, type ExecutionState, isUnfinishedExecution } from "@drso/core";
import type { GuardedWrite } from "./dynamodb-transaction";

/**
 * Items of the executions table:
 * - `EXEC#<id>` / `STATE`: the state snapshot (gzipped JSON: a 3,000-server state would not fit
 *   DynamoDB's 400 KB item limit as text), `eventCount` (the optimistic version), `status`, and
 *   `activeStatus` + `startTime` while unfinished — the sparse `StatusIndex`.
 * - `EXEC#<id>` / `EVENTS#<first seq>`: the events of one append, in order.
 * - `EXECLIST` / `<startTime>#<id>`: newest-first listing.
 * - `CLAIM` / `<account>#<region>#<server>`: the execution holding a server while active, stamped
 *   with the attempt that wrote it (`claim-lease.ts`). Live while its execution is unfinished, or
 *   pending (execution not yet written at the claimed event count, within the lease); else stale.
 */
export const execKey = (id: string) => ({ pk: `EXEC#${id}`, sk: "STATE" });
export const listKey = (state: Pick<ExecutionState, "startTime" | "executionId">) => ({
  pk: "EXECLIST",
  sk: `${state.startTime}#${state.executionId}`,
});
export const ACTIVE = "ACTIVE";

export const packState = (s: ExecutionState) => gzipSync(JSON.stringify(s));
export const unpackState = (item: Record<string, unknown>) =>
  JSON.parse(gunzipSync(item.stateGz as Uint8Array).toString("utf8")) as ExecutionState;

/**
 * Events of one append as JSON text, or gzipped when large: the first event of a 3,000-server
 * execution carries the compiled plan, which as text would pass DynamoDB's 400 KB item limit.
 */
const GZIP_EVENTS_ABOVE = 64 * 1024;
const packEvents = (events: readonly ExecutionEvent[]) => {
  const json = JSON.stringify(events);
  return json.length > GZIP_EVENTS_ABOVE ? { eventsGz: gzipSync(json) } : { events: json };
};
export const unpackEvents = (item: Record<string, unknown>): ExecutionEvent[] =>
  JSON.parse(
    item.eventsGz ? gunzipSync(item.eventsGz as Uint8Array).toString("utf8") : (item.events as string),
  ) as ExecutionEvent[];

export interface StateItem {
  eventCount: number;
  status: ExecutionState["status"];
  stateGz: Uint8Array;
}

export const stateItem = (state: ExecutionState, eventCount: number) => ({
  ...execKey(state.executionId),
  stateGz: packState(state),
  status: state.status,
  planId: state.planId,
  startTime: state.startTime,
  eventCount,
  ...(isUnfinishedExecution(state) ? { activeStatus: ACTIVE } : {}),
});

/** The put of one append's events; the sequence in the key keeps them in order. */
export const eventsWrite = (
  table: string,
  executionId: string,
  firstSeq: number,
  events: readonly ExecutionEvent[],
): GuardedWrite => ({
  item: {
    Put: {
      TableName: table,
      Item: {
        pk: `EXEC#${executionId}`,
        sk: `EVENTS#${String(firstSeq).padStart(10, "0")}`,
        firstSeq,
        ...packEvents(events),
      },
      ConditionExpression: "attribute_not_exists(pk)",
    },
  },
});
