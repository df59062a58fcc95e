import Button from "@cloudscape-design/components/button";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Table from "@cloudscape-design/components/table";
import { useNavigate } from "react-router-dom";
import { listSourceServers, type PickerServer } from "../../api/resources";
import { useResource } from "../../api/use-resource";
import { useSession } from "../../auth/session-context";
import { formatTime } from "../../components/execution-status";
import { ListPageHeader } from "../../components/list-page-header";
import { NoWrap } from "../../components/no-wrap";
import { SOURCE_SERVER_COLUMNS, tagSummary } from "../../components/source-server-columns";
import { useResourceTable } from "../../components/use-resource-table";
import { AppShell, crumbs } from "../../layout/app-shell";
import { LoadError } from "../../layout/load-error";
import { AccountRegionPicker } from "./account-region-picker";
import { serverPageHref, useServerScope } from "./server-scope";

/** The list may carry DRS's last launch when the API reports it; older servers answer without. */
type ListedServer = PickerServer & {
  lastLaunchResult?: string;
  lastLaunchDate?: string;
};

const lastLaunch = (s: ListedServer): string =>
  s.lastLaunchResult && s.lastLaunchResult !== "NOT_STARTED"
    ? `${s.lastLaunchResult}${s.lastLaunchDate ? ` (${formatTime(s.lastLaunchDate)})` : ""}`
    : "Never";

/** DRS source servers of one account-region, and the way into their launch, replication and tag settings. */
export function SourceServersPage() {
  const navigate = useNavigate();
  const { can } = useSession();
  const [scope, setScope] = useServerScope();
  const servers = useResource(
    async (): Promise<ListedServer[]> =>
      scope.accountId ? listSourceServers(scope.accountId, scope.region) : [],
    [scope.accountId, scope.region],
  );
  const table = useResourceTable(servers.data ?? [], {
    searchText: (s) => `${s.hostname} ${s.serverId} ${s.replicationState} ${tagSummary(s)}`,
    filter: { placeholder: "Find servers by hostname, id, state or tag", ariaLabel: "Filter source servers" },
    empty: {
      title: "No source servers",
      description: "DRS replicates no server in this account and region.",
    },
    noMatch: "No server matches the filter.",
    sortBy: { field: "hostname" },
    pageSize: 25,
    trackSelectionBy: "serverId",
    selectionLabels: { group: "Source servers", item: (s) => `Select ${s.hostname}` },
  });
  const selected = table.selected[0];
  const canEdit = can("drs:UpdateProtectionGroup");
  const open = (page: "launch-settings" | "replication-settings" | "tags") =>
    selected && navigate(serverPageHref(selected.serverId, page, scope));
  return (
    <AppShell breadcrumbs={crumbs(["Source servers", "/source-servers"])}>
      <SpaceBetween size="m">
        {servers.error ? (
          <LoadError what="source servers" error={servers.error} onRetry={servers.reload} />
        ) : null}
        <Table
          {...table.tableProps}
          variant="full-page"
          selectionType="single"
          wrapLines
          loading={servers.loading}
          loadingText="Loading source servers"
          trackBy="serverId"
          filter={
            <SpaceBetween size="s">
              <AccountRegionPicker scope={scope} onChange={setScope} />
              {table.textFilter}
            </SpaceBetween>
          }
          header={
            <ListPageHeader
              title="Source servers"
              items={servers.data}
              description="How DRS launches and replicates each server, and the tags protection groups select by."
              onRefresh={servers.reload}
            >
              {canEdit && (
                <>
                  <Button disabled={!selected} onClick={() => open("tags")}>
                    Edit tags
                  </Button>
                  <Button disabled={!selected} onClick={() => open("replication-settings")}>
                    Replication settings
                  </Button>
                  <Button disabled={!selected} onClick={() => open("launch-settings")}>
                    Launch settings
                  </Button>
                </>
              )}
            </ListPageHeader>
          }
          columnDefinitions={[
            SOURCE_SERVER_COLUMNS.hostname,
            {
              id: "id",
              header: "Server ID",
              cell: (s) => <NoWrap>{s.serverId}</NoWrap>,
              sortingField: "serverId",
            },
            SOURCE_SERVER_COLUMNS.replication,
            { id: "lastLaunch", header: "Last launch", cell: lastLaunch },
            SOURCE_SERVER_COLUMNS.tags,
            {
              id: "group",
              header: "Protection group",
              cell: (s) => s.protectionGroupName ?? "-",
              sortingField: "protectionGroupName",
            },
          ]}
        />
      </SpaceBetween>
    </AppShell>
  );
}
