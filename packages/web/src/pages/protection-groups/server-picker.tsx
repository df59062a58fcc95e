import Header from "@cloudscape-design/components/header";
import Table from "@cloudscape-design/components/table";
import type { PickerServer } from "../../api/resources";
import { SOURCE_SERVER_COLUMNS } from "../../components/source-server-columns";
import { useResourceTable } from "../../components/use-resource-table";

/** The servers' owner when it is another group: such servers cannot be picked (one group per server). */
export type Owners = ReadonlyMap<string, string>;

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
        SOURCE_SERVER_COLUMNS.hostname,
        { id: "id", header: "Server ID", cell: (s) => s.serverId },
        SOURCE_SERVER_COLUMNS.replication,
        SOURCE_SERVER_COLUMNS.tags,
        { id: "group", header: "In group", cell: (s) => ownerOf(s) ?? "-" },
      ]}
    />
  );
}
