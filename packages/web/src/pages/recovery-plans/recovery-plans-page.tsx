import Button from "@cloudscape-design/components/button";
import ButtonDropdown from "@cloudscape-design/components/button-dropdown";
import Link from "@cloudscape-design/components/link";
import Table from "@cloudscape-design/components/table";
import type { RecoveryPlan } from "@drso/core";
import { useState } from "react";
import { useNavigate } from "react-router-dom";
import type { ExecutionType } from "../../api/execution-types";
import { deletePlan, listGroups, listPlans } from "../../api/resources";
import { useResource } from "../../api/use-resource";
import { useSession } from "../../auth/session-context";
import { DeleteModal } from "../../components/delete-modal";
import { ExecutionStatus, formatTime } from "../../components/execution-status";
import { ListPageHeader } from "../../components/list-page-header";
import { useResourceTable } from "../../components/use-resource-table";
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
  const table = useResourceTable(plans.data ?? [], {
    searchText: (p) => `${p.planName} ${p.description ?? ""}`,
    filter: { placeholder: "Find recovery plans", ariaLabel: "Filter recovery plans" },
    empty: {
      title: "No recovery plans",
      description: "A recovery plan orders protection groups into waves.",
    },
    noMatch: "No plan matches the filter.",
    sortBy: { field: "planName" },
    pageSize: 20,
    trackSelectionBy: "planId",
    selectionLabels: { group: "Recovery plans", item: (p) => `Select ${p.planName}` },
  });
  const selected = table.selected[0];
  return (
    <AppShell breadcrumbs={crumbs(["Recovery plans", "/recovery-plans"])}>
      {plans.error ? <LoadError what="recovery plans" error={plans.error} onRetry={plans.reload} /> : null}
      <Table
        {...table.tableProps}
        variant="full-page"
        wrapLines
        selectionType="single"
        trackBy="planId"
        loading={plans.loading && !plans.data}
        loadingText="Loading recovery plans"
        header={
          <ListPageHeader title="Recovery plans" items={plans.data} onRefresh={plans.reload}>
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
          </ListPageHeader>
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
