import Box from "@cloudscape-design/components/box";
import Table from "@cloudscape-design/components/table";
import type { Execution } from "../../api/execution-types";
import { ExecutionStatus, formatDuration, formatTime } from "../../components/execution-status";

/** The waves in order with their status, start, end and duration. */
export function WaveTimeline({ execution }: { execution: Execution }) {
  const waves = [...(execution.waveStatus ?? [])].sort((a, b) => a.waveNumber - b.waveNumber);
  return (
    <Table
      data-testid="wave-timeline"
      variant="embedded"
      trackBy="waveNumber"
      items={waves}
      empty={<Box textAlign="center">No waves started yet.</Box>}
      columnDefinitions={[
        { id: "n", header: "Wave", cell: (w) => `${w.waveNumber}. ${w.waveName ?? ""}`, isRowHeader: true },
        { id: "status", header: "Status", cell: (w) => <ExecutionStatus status={w.status} /> },
        { id: "servers", header: "Servers", cell: (w) => w.servers?.length ?? 0 },
        { id: "start", header: "Started", cell: (w) => formatTime(w.startTime) },
        { id: "end", header: "Ended", cell: (w) => formatTime(w.endTime) },
        { id: "duration", header: "Duration", cell: (w) => formatDuration(w.startTime, w.endTime) },
      ]}
    />
  );
}
