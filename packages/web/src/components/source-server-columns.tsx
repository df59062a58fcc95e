import StatusIndicator from "@cloudscape-design/components/status-indicator";
import type { TableProps } from "@cloudscape-design/components/table";
import { UNHEALTHY_REPLICATION_STATES } from "@drso/core";
import type { PickerServer } from "../api/resources";
import { NoWrap } from "./no-wrap";

/** DRS replication state: green when continuous, red when DRS reports it stalled or broken. */
export function ReplicationState({ state }: { state: string }) {
  const type =
    state === "CONTINUOUS"
      ? "success"
      : UNHEALTHY_REPLICATION_STATES.includes(state as never)
        ? "error"
        : "in-progress";
  return (
    <NoWrap>
      <StatusIndicator type={type}>{state}</StatusIndicator>
    </NoWrap>
  );
}

/** A server's DRS tags as `key=value, ...` (what the tables show and filter on). */
export const tagSummary = (s: Pick<PickerServer, "tags">): string =>
  Object.entries(s.tags ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");

type Column = TableProps.ColumnDefinition<PickerServer>;

/** The columns every table of DRS source servers shows alike. */
export const SOURCE_SERVER_COLUMNS: Record<"hostname" | "replication" | "tags", Column> = {
  hostname: {
    id: "hostname",
    header: "Hostname",
    cell: (s) => <NoWrap>{s.hostname}</NoWrap>,
    sortingField: "hostname",
    isRowHeader: true,
  },
  replication: {
    id: "replication",
    header: "Replication",
    cell: (s) => <ReplicationState state={String(s.replicationState)} />,
    sortingField: "replicationState",
  },
  // Tags may break anywhere: the column then yields room to the states and ids, which may not.
  tags: {
    id: "tags",
    header: "Tags",
    cell: (s) => <span style={{ overflowWrap: "anywhere" }}>{tagSummary(s)}</span>,
  },
};
