import Box from "@cloudscape-design/components/box";
import Table from "@cloudscape-design/components/table";
import type { Execution } from "../../api/execution-types";
import { formatTime } from "../../components/execution-status";

/** Every state change with who caused it and why (DESIGN §4: events carry actor and reason). */
export function EventHistory({ execution }: { execution: Execution }) {
  const events = [...(execution.events ?? [])].reverse();
  return (
    <Table
      variant="embedded"
      items={events}
      empty={<Box textAlign="center">No events yet.</Box>}
      columnDefinitions={[
        { id: "time", header: "Time", cell: (e) => formatTime(e.timestamp), isRowHeader: true },
        { id: "type", header: "Event", cell: (e) => e.type ?? "-" },
        { id: "wave", header: "Wave", cell: (e) => e.waveNumber ?? "-" },
        { id: "actor", header: "By", cell: (e) => e.actor ?? "-" },
        { id: "reason", header: "Reason", cell: (e) => e.reason ?? e.message ?? "-" },
      ]}
    />
  );
}
