import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import ColumnLayout from "@cloudscape-design/components/column-layout";
import SpaceBetween from "@cloudscape-design/components/space-between";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import { useNavigate } from "react-router-dom";
import { describeError } from "../../api/api-error";
import { type Execution, isTerminal } from "../../api/execution-types";
import { getReport } from "../../api/resources";
import { useResource } from "../../api/use-resource";
import { ExecutionStatus, formatDuration } from "../../components/execution-status";
import { reportFigures } from "./execution-report";

const minutes = (m: number | undefined) => (m === undefined ? "-" : `${m.toFixed(1)} min`);

/** Recovery time against the plan's RTO target, and the server outcome. */
export function ReportPanel({ execution, printable }: { execution: Execution; printable?: boolean }) {
  const navigate = useNavigate();
  const report = useResource(
    () => (isTerminal(execution.status) ? getReport(execution.executionId) : Promise.resolve(undefined)),
    [execution.executionId, execution.status],
  );
  const f = reportFigures(execution, report.data);
  return (
    <SpaceBetween size="m">
      {!isTerminal(execution.status) && (
        <Alert type="info">The report is final when the execution ends.</Alert>
      )}
      {report.error ? (
        <Alert
          type="warning"
          header="The API report is unavailable; figures below are computed from the execution"
        >
          {describeError(report.error)}
        </Alert>
      ) : null}
      <ColumnLayout columns={4} variant="text-grid">
        <div>
          <Box variant="awsui-key-label">Outcome</Box>
          <ExecutionStatus status={execution.status} />
        </div>
        <div>
          <Box variant="awsui-key-label">Recovery time (RTO)</Box>
          <div data-testid="rto-actual">{minutes(f.actualMinutes)}</div>
          <Box variant="small">{formatDuration(execution.startTime, execution.endTime)}</Box>
        </div>
        <div>
          <Box variant="awsui-key-label">RTO target</Box>
          <div>{f.rtoTargetMinutes === undefined ? "No target set" : `${f.rtoTargetMinutes} min`}</div>
          {f.metTarget !== undefined && (
            <StatusIndicator type={f.metTarget ? "success" : "error"}>
              {f.metTarget ? "Target met" : "Target missed"}
            </StatusIndicator>
          )}
        </div>
        <div>
          <Box variant="awsui-key-label">Servers</Box>
          <div>
            {f.recoveredServers} recovered, {f.failedServers} failed, of {f.totalServers}
          </div>
        </div>
      </ColumnLayout>
      {!printable && (
        <Button iconName="file" onClick={() => navigate(`/executions/${execution.executionId}/print`)}>
          Print view
        </Button>
      )}
    </SpaceBetween>
  );
}
