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
      wrapLines
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
              <Box variant="small" display="block">
                {s.accountId ?? "-"} {s.region ?? ""}
              </Box>
            </>
          ),
          sortingField: "hostname",
          isRowHeader: true,
          minWidth: 200,
        },
        { id: "wave", header: "Wave", cell: (s) => s.waveNumber, sortingField: "waveNumber" },
        {
          // Status, job and DRS's failure reason in one cell, so the reason is on screen at 1280 px.
          id: "launch",
          header: "Launch",
          cell: (s) => (
            <>
              {s.launchStatus ?? "-"}
              {s.jobId && (
                <Box variant="small" display="block">
                  {s.jobId}
                </Box>
              )}
              {s.error && (
                <Box color="text-status-error" fontSize="body-s" data-testid="server-failure-reason">
                  {s.error}
                </Box>
              )}
            </>
          ),
          sortingField: "launchStatus",
          minWidth: 240,
        },
        {
          id: "data",
          header: "Replication / data age",
          minWidth: 140,
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
        {
          id: "ec2",
          header: "EC2 instance",
          cell: (s) => (
            <>
              {s.ec2InstanceId ?? "-"}
              {s.terminatedAt ? (
                <Box variant="small" display="block">
                  terminated {formatTime(s.terminatedAt)}
                </Box>
              ) : (
                s.ec2State && (
                  <Box variant="small" display="block">
                    {s.ec2State}
                  </Box>
                )
              )}
            </>
          ),
        },
        {
          id: "health",
          header: "Health",
          cell: (s) =>
            s.terminatedAt ? <StatusIndicator type="stopped">TERMINATED</StatusIndicator> : health(s.health),
          minWidth: 120,
        },
      ]}
    />
  );
}
