import Button from "@cloudscape-design/components/button";
import Table from "@cloudscape-design/components/table";
import type { ProtectionGroup } from "@drso/core";
import { useState } from "react";
import { useNavigate } from "react-router-dom";
import { deleteGroup, listGroups } from "../../api/resources";
import { useResource } from "../../api/use-resource";
import { useSession } from "../../auth/session-context";
import { DeleteModal } from "../../components/delete-modal";
import { formatTime } from "../../components/execution-status";
import { ListPageHeader } from "../../components/list-page-header";
import { NoWrap } from "../../components/no-wrap";
import { useResourceTable } from "../../components/use-resource-table";
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
  const table = useResourceTable(groups.data ?? [], {
    searchText: (g) => `${g.groupName} ${g.description ?? ""} ${g.accountId} ${g.region} ${selectorText(g)}`,
    filter: { placeholder: "Find protection groups", ariaLabel: "Filter protection groups" },
    empty: {
      title: "No protection groups",
      description: "A protection group names the servers that recover together.",
    },
    noMatch: "No group matches the filter.",
    sortBy: { field: "groupName" },
    pageSize: 20,
    trackSelectionBy: "groupId",
    selectionLabels: { group: "Protection groups", item: (g) => `Select ${g.groupName}` },
  });
  const selected = table.selected[0];
  return (
    <AppShell breadcrumbs={crumbs(["Protection groups", "/protection-groups"])}>
      {groups.error ? (
        <LoadError what="protection groups" error={groups.error} onRetry={groups.reload} />
      ) : null}
      <Table
        {...table.tableProps}
        variant="full-page"
        wrapLines
        selectionType="single"
        loading={groups.loading && !groups.data}
        loadingText="Loading protection groups"
        trackBy="groupId"
        header={
          <ListPageHeader title="Protection groups" items={groups.data} onRefresh={groups.reload}>
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
          </ListPageHeader>
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
          {
            id: "account",
            header: "Account",
            cell: (g) => <NoWrap>{g.accountId}</NoWrap>,
            sortingField: "accountId",
          },
          {
            id: "region",
            header: "Region",
            cell: (g) => <NoWrap>{g.region}</NoWrap>,
            sortingField: "region",
          },
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
