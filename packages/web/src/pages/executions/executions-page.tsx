import Button from "@cloudscape-design/components/button";
import Link from "@cloudscape-design/components/link";
import Select, { type SelectProps } from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Table from "@cloudscape-design/components/table";
import { executionProgress } from "@drso/core";
import { useState } from "react";
import { isTerminal } from "../../api/execution-types";
import { deleteExecutions, listExecutions } from "../../api/resources";
import { useResource } from "../../api/use-resource";
import { useSession } from "../../auth/session-context";
import { ConfirmModal } from "../../components/confirm-modal";
import { ExecutionStatus, formatDuration, formatTime } from "../../components/execution-status";
import { ListPageHeader } from "../../components/list-page-header";
import { useResourceTable } from "../../components/use-resource-table";
import { AppShell, crumbs } from "../../layout/app-shell";
import { useFlash } from "../../layout/flash-context";
import { LoadError } from "../../layout/load-error";
import { useFollow } from "../../layout/use-follow";

const ALL: SelectProps.Option = { value: "", label: "Any status" };
const STATUS_OPTIONS: SelectProps.Option[] = [
  ALL,
  ...["PENDING", "RUNNING", "PAUSED", "CANCELLING", "COMPLETED", "PARTIAL", "FAILED", "CANCELLED"].map(
    (s) => ({
      value: s,
      label: s,
    }),
  ),
];
const ANY_TYPE: SelectProps.Option = { value: "", label: "Any type" };
const TYPE_OPTIONS = [ANY_TYPE, { value: "DRILL", label: "Drill" }, { value: "RECOVERY", label: "Recovery" }];

/** History of executions; finished ones can be deleted in bulk. */
export function ExecutionsPage() {
  const follow = useFollow();
  const { can } = useSession();
  const { notify, fail } = useFlash();
  const executions = useResource(listExecutions, []);
  const [status, setStatus] = useState<SelectProps.Option>(ALL);
  const [type, setType] = useState<SelectProps.Option>(ANY_TYPE);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const rows = (executions.data ?? []).filter(
    (e) => (!status.value || e.status === status.value) && (!type.value || e.executionType === type.value),
  );
  const table = useResourceTable(rows, {
    searchText: (e) => `${e.planName ?? ""} ${e.executionId} ${e.initiatedBy ?? ""}`,
    filter: { placeholder: "Find by plan, id or user", ariaLabel: "Filter executions" },
    empty: "No executions yet. Run a drill from a recovery plan.",
    noMatch: "No execution matches the filters.",
    sortBy: { field: "startTime", descending: true },
    pageSize: 25,
    trackSelectionBy: "executionId",
    selectionLabels: {
      group: "Executions",
      item: (e) => `Select execution of ${e.planName ?? e.planId} started ${formatTime(e.startTime)}`,
      all: "Select all executions",
    },
  });
  const selected = table.selected;
  const allFinished = selected.length > 0 && selected.every((e) => isTerminal(e.status));
  const remove = async () => {
    setBusy(true);
    try {
      await deleteExecutions(selected.map((e) => e.executionId));
      notify("success", `Deleted ${selected.length} execution(s).`);
      table.actions.setSelectedItems([]);
      executions.reload();
    } catch (e) {
      fail("Executions were not deleted", e);
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  };
  return (
    <AppShell breadcrumbs={crumbs(["Executions", "/executions"])}>
      {executions.error ? (
        <LoadError what="executions" error={executions.error} onRetry={executions.reload} />
      ) : null}
      <Table
        {...table.tableProps}
        variant="full-page"
        wrapLines
        selectionType={can("drs:ManageExecution") ? "multi" : undefined}
        trackBy="executionId"
        loading={executions.loading && !executions.data}
        loadingText="Loading executions"
        header={
          <ListPageHeader
            title="Executions"
            items={executions.data}
            description="Select finished executions to delete them."
            onRefresh={executions.reload}
          >
            {can("drs:ManageExecution") && (
              <Button disabled={!allFinished} onClick={() => setConfirming(true)}>
                Delete finished
              </Button>
            )}
          </ListPageHeader>
        }
        filter={
          <SpaceBetween direction="horizontal" size="xs">
            {table.textFilter}
            <Select
              selectedOption={status}
              options={STATUS_OPTIONS}
              onChange={(e) => setStatus(e.detail.selectedOption)}
              ariaLabel="Filter by status"
            />
            <Select
              selectedOption={type}
              options={TYPE_OPTIONS}
              onChange={(e) => setType(e.detail.selectedOption)}
              ariaLabel="Filter by type"
            />
          </SpaceBetween>
        }
        columnDefinitions={[
          {
            id: "plan",
            header: "Plan",
            isRowHeader: true,
            cell: (e) => (
              <Link href={`/executions/${e.executionId}`} onFollow={follow(`/executions/${e.executionId}`)}>
                {e.planName ?? e.planId}
              </Link>
            ),
            sortingField: "planName",
          },
          { id: "type", header: "Type", cell: (e) => e.executionType, sortingField: "executionType" },
          {
            id: "status",
            header: "Status",
            cell: (e) => <ExecutionStatus status={e.status} />,
            sortingField: "status",
          },
          {
            id: "progress",
            header: "Progress",
            cell: (e) => executionProgress(e).label,
          },
          { id: "start", header: "Started", cell: (e) => formatTime(e.startTime), sortingField: "startTime" },
          { id: "duration", header: "Duration", cell: (e) => formatDuration(e.startTime, e.endTime) },
          { id: "by", header: "Initiated by", cell: (e) => e.initiatedBy ?? "-" },
        ]}
      />
      {confirming && (
        <ConfirmModal
          header="Delete executions"
          confirmText="Delete"
          busy={busy}
          onConfirm={() => void remove()}
          onCancel={() => setConfirming(false)}
        >
          Delete {selected.length} finished execution(s) and their history? This cannot be undone.
        </ConfirmModal>
      )}
    </AppShell>
  );
}
