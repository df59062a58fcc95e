import { useCollection } from "@cloudscape-design/collection-hooks";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import ButtonDropdown from "@cloudscape-design/components/button-dropdown";
import Header from "@cloudscape-design/components/header";
import Link from "@cloudscape-design/components/link";
import Pagination from "@cloudscape-design/components/pagination";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Table from "@cloudscape-design/components/table";
import TextFilter from "@cloudscape-design/components/text-filter";
import type { RecoveryPlan } from "@drso/core";
import { useState } from "react";
import { useNavigate } from "react-router-dom";
import type { ExecutionType } from "../../api/execution-types";
import { deletePlan, listGroups, listPlans } from "../../api/resources";
import { useResource } from "../../api/use-resource";
import { useSession } from "../../auth/session-context";
import { DeleteModal } from "../../components/delete-modal";
import { ExecutionStatus, formatTime } from "../../components/execution-status";
import { AppShell, crumbs } from "../../layout/app-shell";
import { useFlash } from "../../layout/flash-context";
import { LoadError } from "../../layout/load-error";
import { useFollow } from "../../layout/use-follow";
import { ExecuteModal } from "./execute-modal";

export function RecoveryPlansPage() {
  const navigate = useNavigate();
  const follow = useFollow();
  const { can } = useSession();
  const { notify } = useFlash();
  const plans = useResource(listPlans, []);
  const groups = useResource(listGroups, []);
  const [deleting, setDeleting] = useState<RecoveryPlan>();
  const [executing, setExecuting] = useState<{ plan: RecoveryPlan; type: ExecutionType }>();
  const { items, collectionProps, filterProps, paginationProps, filteredItemsCount } = useCollection(
    plans.data ?? [],
    {
      filtering: {
        filteringFunction: (p, text) =>
          `${p.planName} ${p.description ?? ""}`.toLowerCase().includes(text.toLowerCase()),
        empty: (
          <Box textAlign="center">
            <b>No recovery plans</b>
            <Box color="inherit">A recovery plan orders protection groups into waves.</Box>
          </Box>
        ),
        noMatch: <Box textAlign="center">No plan matches the filter.</Box>,
      },
      sorting: { defaultState: { sortingColumn: { sortingField: "planName" } } },
      pagination: { pageSize: 20 },
      selection: { trackBy: "planId" },
    },
  );
  const selected = collectionProps.selectedItems?.[0];
  return (
    <AppShell breadcrumbs={crumbs(["Recovery plans", "/recovery-plans"])}>
      {plans.error ? <LoadError what="recovery plans" error={plans.error} onRetry={plans.reload} /> : null}
      <Table
        {...collectionProps}
        variant="full-page"
        selectionType="single"
        trackBy="planId"
        items={items}
        loading={plans.loading && !plans.data}
        loadingText="Loading recovery plans"
        ariaLabels={{
          selectionGroupLabel: "Recovery plans",
          itemSelectionLabel: (_s, p) => `Select ${p.planName}`,
          allItemsSelectionLabel: () => "Select all",
        }}
        header={
          <Header
            variant="awsui-h1-sticky"
            counter={plans.data ? `(${plans.data.length})` : undefined}
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button iconName="refresh" ariaLabel="Refresh" onClick={plans.reload} />
                {can("drs:UpdateRecoveryPlan") && (
                  <Button
                    disabled={!selected}
                    onClick={() => selected && navigate(`/recovery-plans/${selected.planId}/edit`)}
                  >
                    Edit
                  </Button>
                )}
                {can("drs:DeleteRecoveryPlan") && (
                  <Button disabled={!selected} onClick={() => setDeleting(selected)}>
                    Delete
                  </Button>
                )}
                {can("drs:ExecuteRecovery") && (
                  <ButtonDropdown
                    disabled={!selected}
                    items={[
                      { id: "DRILL", text: "Run drill" },
                      { id: "RECOVERY", text: "Start recovery" },
                    ]}
                    onItemClick={(e) =>
                      selected && setExecuting({ plan: selected, type: e.detail.id as ExecutionType })
                    }
                  >
                    Execute
                  </ButtonDropdown>
                )}
                {can("drs:CreateRecoveryPlan") && (
                  <Button variant="primary" onClick={() => navigate("/recovery-plans/new")}>
                    Create recovery plan
                  </Button>
                )}
              </SpaceBetween>
            }
          >
            Recovery plans
          </Header>
        }
        filter={
          <TextFilter
            {...filterProps}
            filteringPlaceholder="Find recovery plans"
            filteringAriaLabel="Filter recovery plans"
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
            cell: (p) => p.planName,
            sortingField: "planName",
            isRowHeader: true,
          },
          { id: "waves", header: "Waves", cell: (p) => p.waves.length },
          {
            id: "rto",
            header: "RTO target",
            cell: (p) => (p.rtoTargetMinutes ? `${p.rtoTargetMinutes} min` : "-"),
          },
          {
            id: "last",
            header: "Last execution",
            cell: (p) =>
              p.lastExecutionId ? (
                <Link
                  href={`/executions/${p.lastExecutionId}`}
                  onFollow={follow(`/executions/${p.lastExecutionId}`)}
                >
                  <ExecutionStatus status={p.lastExecutionStatus} />
                </Link>
              ) : (
                "Never run"
              ),
          },
          {
            id: "modified",
            header: "Last modified",
            cell: (p) => formatTime(p.lastModifiedDate),
            sortingField: "lastModifiedDate",
          },
        ]}
      />
      {deleting && (
        <DeleteModal
          what="recovery plan"
          name={deleting.planName}
          onDelete={() => deletePlan(deleting.planId)}
          onClose={() => setDeleting(undefined)}
          onDeleted={() => {
            notify("success", `Deleted recovery plan ${deleting.planName}.`);
            setDeleting(undefined);
            plans.reload();
          }}
        />
      )}
      {executing && (
        <ExecuteModal
          plan={executing.plan}
          type={executing.type}
          groups={groups.data ?? []}
          onClose={() => setExecuting(undefined)}
        />
      )}
    </AppShell>
  );
}
