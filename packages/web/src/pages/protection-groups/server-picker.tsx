import { useCollection } from "@cloudscape-design/collection-hooks";
import Box from "@cloudscape-design/components/box";
import Header from "@cloudscape-design/components/header";
import Pagination from "@cloudscape-design/components/pagination";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import Table from "@cloudscape-design/components/table";
import TextFilter from "@cloudscape-design/components/text-filter";
import { UNHEALTHY_REPLICATION_STATES } from "@drso/core";
import type { PickerServer } from "../../api/resources";

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
  const { items, collectionProps, filterProps, paginationProps, filteredItemsCount } = useCollection(
    servers,
    {
      filtering: {
        filteringFunction: (s, text) =>
          `${s.hostname} ${s.serverId} ${Object.entries(s.tags ?? {})
            .flat()
            .join(" ")}`
            .toLowerCase()
            .includes(text.toLowerCase()),
        empty: <Box textAlign="center">No source servers in this account and region.</Box>,
        noMatch: <Box textAlign="center">No server matches the filter.</Box>,
      },
      sorting: { defaultState: { sortingColumn: { sortingField: "hostname" } } },
      pagination: { pageSize: 25 },
    },
  );
  const selectedItems = servers.filter((s) => selectedIds.includes(s.serverId));
  return (
    <Table
      {...collectionProps}
      variant="embedded"
      selectionType="multi"
      trackBy="serverId"
      items={items}
      loading={loading}
      loadingText="Loading source servers"
      selectedItems={selectedItems}
      onSelectionChange={(e) => onChange(e.detail.selectedItems.map((s) => s.serverId))}
      isItemDisabled={(s) => Boolean(ownerOf(s))}
      ariaLabels={{
        selectionGroupLabel: "Source servers",
        itemSelectionLabel: (_s, s) => `Select ${s.hostname}`,
        allItemsSelectionLabel: () => "Select all servers",
      }}
      header={
        <Header variant="h3" counter={`(${selectedIds.length} selected of ${servers.length})`}>
          Source servers
        </Header>
      }
      filter={
        <TextFilter
          {...filterProps}
          filteringPlaceholder="Find servers by hostname, id or tag"
          filteringAriaLabel="Filter source servers"
          filteringClearAriaLabel="Clear filter"
          countText={`${filteredItemsCount ?? 0} matches`}
        />
      }
      pagination={
        <Pagination
          {...paginationProps}
          ariaLabels={{
            nextPageLabel: "Next page",
            previousPageLabel: "Previous page",
            pageLabel: (n) => `Page ${n}`,
          }}
        />
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
