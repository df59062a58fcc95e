import { useCollection } from "@cloudscape-design/collection-hooks";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Header from "@cloudscape-design/components/header";
import Pagination from "@cloudscape-design/components/pagination";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Table from "@cloudscape-design/components/table";
import TextFilter from "@cloudscape-design/components/text-filter";
import type { ProtectionGroup } from "@drso/core";
import { useState } from "react";
import { useNavigate } from "react-router-dom";
import { deleteGroup, listGroups } from "../../api/resources";
import { useResource } from "../../api/use-resource";
import { useSession } from "../../auth/session-context";
import { DeleteModal } from "../../components/delete-modal";
import { formatTime } from "../../components/execution-status";
import { AppShell, crumbs } from "../../layout/app-shell";
import { useFlash } from "../../layout/flash-context";
import { LoadError } from "../../layout/load-error";

const selectorText = (g: ProtectionGroup): string =>
  g.tagCriteria
    ? `Tags: ${Object.entries(g.tagCriteria)
        .map(([k, v]) => `${k}=${v}`)
        .join(", ")}`
    : "Explicit servers";

export function ProtectionGroupsPage() {
  const navigate = useNavigate();
  const { can } = useSession();
  const { notify } = useFlash();
  const groups = useResource(listGroups, []);
  const [deleting, setDeleting] = useState<ProtectionGroup>();
  const { items, collectionProps, filterProps, paginationProps, filteredItemsCount } = useCollection(
    groups.data ?? [],
    {
      filtering: {
        filteringFunction: (g, text) =>
          `${g.groupName} ${g.description ?? ""} ${g.accountId} ${g.region} ${selectorText(g)}`
            .toLowerCase()
            .includes(text.toLowerCase()),
        empty: (
          <Box textAlign="center" color="inherit">
            <b>No protection groups</b>
            <Box color="inherit">A protection group names the servers that recover together.</Box>
          </Box>
        ),
        noMatch: <Box textAlign="center">No group matches the filter.</Box>,
      },
      sorting: { defaultState: { sortingColumn: { sortingField: "groupName" } } },
      pagination: { pageSize: 20 },
      selection: { keepSelection: false, trackBy: "groupId" },
    },
  );
  const selected = collectionProps.selectedItems?.[0];
  return (
    <AppShell breadcrumbs={crumbs(["Protection groups", "/protection-groups"])}>
      {groups.error ? (
        <LoadError what="protection groups" error={groups.error} onRetry={groups.reload} />
      ) : null}
      <Table
        {...collectionProps}
        variant="full-page"
        selectionType="single"
        loading={groups.loading && !groups.data}
        loadingText="Loading protection groups"
        trackBy="groupId"
        items={items}
        ariaLabels={{
          selectionGroupLabel: "Protection groups",
          itemSelectionLabel: (_s, g) => `Select ${g.groupName}`,
          allItemsSelectionLabel: () => "Select all",
        }}
        header={
          <Header
            variant="awsui-h1-sticky"
            counter={groups.data ? `(${groups.data.length})` : undefined}
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button iconName="refresh" ariaLabel="Refresh" onClick={groups.reload} />
                {can("drs:UpdateProtectionGroup") && (
                  <Button
                    disabled={!selected}
                    onClick={() => selected && navigate(`/protection-groups/${selected.groupId}/edit`)}
                  >
                    Edit
                  </Button>
                )}
                {can("drs:DeleteProtectionGroup") && (
                  <Button disabled={!selected} onClick={() => setDeleting(selected)}>
                    Delete
                  </Button>
                )}
                {can("drs:CreateProtectionGroup") && (
                  <Button variant="primary" onClick={() => navigate("/protection-groups/new")}>
                    Create protection group
                  </Button>
                )}
              </SpaceBetween>
            }
          >
            Protection groups
          </Header>
        }
        filter={
          <TextFilter
            {...filterProps}
            filteringPlaceholder="Find protection groups"
            filteringAriaLabel="Filter protection groups"
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
            id: "name",
            header: "Name",
            cell: (g) => g.groupName,
            sortingField: "groupName",
            isRowHeader: true,
          },
          { id: "selector", header: "Servers selected by", cell: selectorText },
          { id: "count", header: "Servers", cell: (g) => g.serverCount, sortingField: "serverCount" },
          { id: "account", header: "Account", cell: (g) => g.accountId, sortingField: "accountId" },
          { id: "region", header: "Region", cell: (g) => g.region, sortingField: "region" },
          {
            id: "modified",
            header: "Last modified",
            cell: (g) => formatTime(g.lastModifiedDate),
            sortingField: "lastModifiedDate",
          },
        ]}
      />
      {deleting && (
        <DeleteModal
          what="protection group"
          name={deleting.groupName}
          onDelete={() => deleteGroup(deleting.groupId)}
          onClose={() => setDeleting(undefined)}
          onDeleted={() => {
            notify("success", `Deleted protection group ${deleting.groupName}.`);
            setDeleting(undefined);
            groups.reload();
          }}
        />
      )}
    </AppShell>
  );
}
