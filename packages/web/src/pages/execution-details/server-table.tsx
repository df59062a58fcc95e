import Box from "@cloudscape-design/components/box";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import Table from "@cloudscape-design/components/table";
import type { Execution, ExecutionServer } from "../../api/execution-types";
import { formatSeconds, formatTime } from "../../components/execution-status";
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

/**
 * Every server of the execution: its replication state and the age of its data (servers that
 * launch from an older snapshot), launch status, EC2 instance, health, and DRS's failure reason.
 */
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
          cell: (s) => (
            <>
              {s.hostname ?? s.serverId}
              <Box variant="small" display="block">
                {s.serverId}
              </Box>
            </>
          ),
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
        {
          id: "data",
          header: "Replication / data age",
          cell: (s) => (
            <>
              {s.replicationState ?? "-"}
              <Box variant="small" display="block">
                {s.dataAgeSeconds !== undefined
                  ? `data age ${formatSeconds(s.dataAgeSeconds)}`
                  : "latest data"}
              </Box>
            </>
          ),
        },
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
        {
          id: "state",
          header: "EC2 state",
          cell: (s) =>
            s.terminatedAt ? (
              <>
                <StatusIndicator type="stopped">terminated</StatusIndicator>
                <Box variant="small" display="block">
                  {formatTime(s.terminatedAt)}
                </Box>
              </>
            ) : (
              (s.ec2State ?? "-")
            ),
        },
        {
          id: "health",
          header: "Health",
          cell: (s) =>
            s.terminatedAt ? <StatusIndicator type="stopped">TERMINATED</StatusIndicator> : health(s.health),
        },
        {
          id: "error",
          header: "Error",
          cell: (s) => (s.error ? <Box color="text-status-error">{s.error}</Box> : "-"),
        },
      ]}
    />
  );
}
