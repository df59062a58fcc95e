import Box from "@cloudscape-design/components/box";
import Table from "@cloudscape-design/components/table";
import type { Execution, ExecutionEvent } from "../../api/execution-types";
import { formatTime } from "../../components/execution-status";

/**
 * State changes with who caused them and why: the execution's own `events` when the API includes
 * them, else the changes pushed over the live stream while this page was open.
 */
export function EventHistory({ execution, live }: { execution: Execution; live: ExecutionEvent[] }) {
  const events = [...(execution.events?.length ? execution.events : live)].reverse();
  return (
    <Table
      variant="embedded"
      items={events}
      empty={<Box textAlign="center">No state changes received yet.</Box>}
      columnDefinitions={[
        { id: "time", header: "Time", cell: (e) => formatTime(e.timestamp), isRowHeader: true },
        { id: "type", header: "Event", cell: (e) => e.type ?? "-" },
        { id: "wave", header: "Wave", cell: (e) => e.waveNumber ?? "-" },
        { id: "actor", header: "By", cell: (e) => e.actor ?? "-" },
        { id: "reason", header: "Reason", cell: (e) => e.reason ?? "-" },
      ]}
    />
  );
}
