import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Header from "@cloudscape-design/components/header";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Spinner from "@cloudscape-design/components/spinner";
import { useParams } from "react-router-dom";
import { formatTime } from "../../components/execution-status";
import { LoadError } from "../../layout/load-error";
import { useExecutionStream } from "../../live/use-execution-stream";
import { ReportPanel } from "./report-panel";
import { ServerTable } from "./server-table";
import { WaveTimeline } from "./wave-timeline";

/** The execution report without navigation, laid out for paper or PDF. */
export function ExecutionPrintPage() {
  const { executionId = "" } = useParams();
  const { execution: ex, error } = useExecutionStream(executionId);
  if (error && !ex) return <LoadError what="the execution" error={error} />;
  if (!ex) return <Spinner size="large" />;
  return (
    <main>
      <Box padding="l">
        <SpaceBetween size="l">
          <Header
            variant="h1"
            description={`Execution ${ex.executionId}, ${ex.executionType}, started ${formatTime(ex.startTime)} by ${ex.initiatedBy ?? "-"}`}
            actions={
              <span className="drso-no-print">
                <Button onClick={() => window.print()}>Print</Button>
              </span>
            }
          >
            Recovery report: {ex.planName ?? ex.planId}
          </Header>
          <ReportPanel execution={ex} printable />
          <Header variant="h2">Waves</Header>
          <WaveTimeline execution={ex} />
          <Header variant="h2">Servers</Header>
          <ServerTable execution={ex} />
        </SpaceBetween>
      </Box>
      <style>{"@media print { .drso-no-print { display: none; } }"}</style>
    </main>
  );
}
