import Box from "@cloudscape-design/components/box";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import Table from "@cloudscape-design/components/table";
import type { Execution, ExecutionServer } from "../../api/execution-types";
import { useResourceTable } from "../../components/use-resource-table";

type Row = ExecutionServer & { waveNumber: number };

const health = (h: string | undefined) => {
  if (!h) return "-";
  const type =
    /healthy|ok|passed/i.test(h) && !/unhealthy/i.test(h)
      ? "success"
      : /fail|unhealthy|impaired/i.test(h)
        ? "error"
        : "in-progress";
  return <StatusIndicator type={type}>{h}</StatusIndicator>;
};

/** Every server of the execution with its launch status, EC2 instance, health and error. */
export function ServerTable({ execution }: { execution: Execution }) {
  const rows: Row[] = (execution.waveStatus ?? []).flatMap((w) =>
    (w.servers ?? []).map((s) => ({ ...s, waveNumber: w.waveNumber })),
  );
  const table = useResourceTable(rows, {
    searchText: (s) => `${s.hostname ?? ""} ${s.serverId} ${s.ec2InstanceId ?? ""} ${s.launchStatus ?? ""}`,
    filter: { placeholder: "Find servers", ariaLabel: "Filter servers" },
    empty: "No servers launched yet.",
    noMatch: "No server matches.",
    pageSize: 50,
  });
  return (
    <Table
      {...table.tableProps}
      data-testid="server-table"
      variant="embedded"
      trackBy="serverId"
      columnDefinitions={[
        {
          id: "host",
          header: "Server",
          cell: (s) => s.hostname ?? s.serverId,
          sortingField: "hostname",
          isRowHeader: true,
        },
        { id: "wave", header: "Wave", cell: (s) => s.waveNumber, sortingField: "waveNumber" },
        { id: "where", header: "Account / region", cell: (s) => `${s.accountId ?? "-"} ${s.region ?? ""}` },
        {
          id: "launch",
          header: "Launch status",
          cell: (s) => s.launchStatus ?? "-",
          sortingField: "launchStatus",
        },
        { id: "job", header: "Job", cell: (s) => s.jobId ?? "-" },
        // Only point-in-time executions name a snapshot; the others recover from fresh data.
        ...(execution.pointInTime
          ? [
              {
                id: "snapshot",
                header: "Recovery snapshot",
                cell: (s: Row) =>
                  s.recoverySnapshotId ? (
                    <>
                      {s.recoverySnapshotTime ?? "-"}
                      <Box variant="small" display="block">
                        {s.recoverySnapshotId}
                      </Box>
                    </>
                  ) : (
                    "-"
                  ),
              },
            ]
          : []),
        { id: "ec2", header: "EC2 instance", cell: (s) => s.ec2InstanceId ?? "-" },
        { id: "state", header: "EC2 state", cell: (s) => s.ec2State ?? "-" },
        { id: "health", header: "Health", cell: (s) => health(s.health) },
        {
          id: "error",
          header: "Error",
          cell: (s) => (s.error ? <Box color="text-status-error">{s.error}</Box> : "-"),
        },
      ]}
    />
  );
}
