import Header from "@cloudscape-design/components/header";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import Table from "@cloudscape-design/components/table";
import { UNHEALTHY_REPLICATION_STATES } from "@drso/core";
import type { PickerServer } from "../../api/resources";
import { useResourceTable } from "../../components/use-resource-table";

/** The servers' owner when it is another group: such servers cannot be picked (one group per server). */
export type Owners = ReadonlyMap<string, string>;

export function ReplicationState({ state }: { state: string }) {
  const type =
    state === "CONTINUOUS"
      ? "success"
      : UNHEALTHY_REPLICATION_STATES.includes(state as never)
        ? "error"
        : "in-progress";
  return <StatusIndicator type={type}>{state}</StatusIndicator>;
}

/** Multi-select table of DRS source servers in one account/region. */
export function ServerPicker({
  servers,
  loading,
  owners,
  editingGroupId,
  selectedIds,
  onChange,
}: {
  servers: PickerServer[];
  loading: boolean;
  owners: Owners;
  editingGroupId?: string;
  selectedIds: string[];
  onChange: (ids: string[]) => void;
}) {
  const ownerOf = (s: PickerServer): string | undefined =>
    owners.get(s.serverId) ??
    (s.assignedToProtectionGroup && s.assignedToProtectionGroup !== editingGroupId
      ? (s.protectionGroupName ?? s.assignedToProtectionGroup)
      : undefined);
  const table = useResourceTable(servers, {
    searchText: (s) =>
      `${s.hostname} ${s.serverId} ${Object.entries(s.tags ?? {})
        .flat()
        .join(" ")}`,
    filter: { placeholder: "Find servers by hostname, id or tag", ariaLabel: "Filter source servers" },
    empty: "No source servers in this account and region.",
    noMatch: "No server matches the filter.",
    sortBy: { field: "hostname" },
    pageSize: 25,
    selectionLabels: {
      group: "Source servers",
      item: (s) => `Select ${s.hostname}`,
      all: "Select all servers",
    },
  });
  const selectedItems = servers.filter((s) => selectedIds.includes(s.serverId));
  return (
    <Table
      {...table.tableProps}
      variant="embedded"
      selectionType="multi"
      trackBy="serverId"
      loading={loading}
      loadingText="Loading source servers"
      selectedItems={selectedItems}
      onSelectionChange={(e) => onChange(e.detail.selectedItems.map((s) => s.serverId))}
      isItemDisabled={(s) => Boolean(ownerOf(s))}
      header={
        <Header variant="h3" counter={`(${selectedIds.length} selected of ${servers.length})`}>
          Source servers
        </Header>
      }
      columnDefinitions={[
        {
          id: "hostname",
          header: "Hostname",
          cell: (s) => s.hostname,
          sortingField: "hostname",
          isRowHeader: true,
        },
        { id: "id", header: "Server ID", cell: (s) => s.serverId },
        {
          id: "replication",
          header: "Replication",
          cell: (s) => <ReplicationState state={String(s.replicationState)} />,
          sortingField: "replicationState",
        },
        {
          id: "tags",
          header: "Tags",
          cell: (s) =>
            Object.entries(s.tags ?? {})
              .map(([k, v]) => `${k}=${v}`)
              .join(", "),
        },
        { id: "group", header: "In group", cell: (s) => ownerOf(s) ?? "-" },
      ]}
    />
  );
}
