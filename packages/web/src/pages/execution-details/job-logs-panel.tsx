import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Header from "@cloudscape-design/components/header";
import Table from "@cloudscape-design/components/table";
import { getJobLogs } from "../../api/resources";
import { useResource } from "../../api/use-resource";
import { formatTime } from "../../components/execution-status";
import { LoadError } from "../../layout/load-error";

/** DRS job log items (snapshot, conversion, launch) of the execution's jobs. */
export function JobLogsPanel({ executionId, version }: { executionId: string; version: string }) {
  const logs = useResource(() => getJobLogs(executionId), [executionId, version]);
  if (logs.error) return <LoadError what="job logs" error={logs.error} onRetry={logs.reload} />;
  return (
    <Table
      variant="embedded"
      wrapLines
      items={logs.data ?? []}
      loading={logs.loading && !logs.data}
      loadingText="Loading job logs"
      header={
        <Header
          variant="h3"
          actions={<Button iconName="refresh" ariaLabel="Refresh job logs" onClick={logs.reload} />}
        >
          Job log
        </Header>
      }
      empty={<Box textAlign="center">No job log items yet.</Box>}
      columnDefinitions={[
        {
          id: "time",
          header: "Time",
          cell: (l) => formatTime(l.eventDateTime ?? l.logDateTime),
          isRowHeader: true,
        },
        { id: "wave", header: "Wave", cell: (l) => l.waveNumber ?? "-" },
        { id: "job", header: "Job", cell: (l) => l.jobId ?? "-" },
        { id: "server", header: "Server", cell: (l) => l.serverId ?? "-" },
        { id: "event", header: "Event", cell: (l) => l.event ?? "-" },
        {
          id: "data",
          header: "Details",
          cell: (l) =>
            l.message ??
            Object.entries(l.eventData ?? {})
              .map(([k, v]) => `${k}: ${String(v)}`)
              .join(", "),
        },
      ]}
    />
  );
}
