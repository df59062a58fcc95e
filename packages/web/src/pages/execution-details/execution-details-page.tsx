import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import ColumnLayout from "@cloudscape-design/components/column-layout";
import Container from "@cloudscape-design/components/container";
import ContentLayout from "@cloudscape-design/components/content-layout";
import Header from "@cloudscape-design/components/header";
import ProgressBar from "@cloudscape-design/components/progress-bar";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Spinner from "@cloudscape-design/components/spinner";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import Tabs from "@cloudscape-design/components/tabs";
import { executionProgress, ROLE_PERMISSIONS, ROLES } from "@drso/core";
import { useParams } from "react-router-dom";
import type { Execution } from "../../api/execution-types";
import { ExecutionStatus, formatDuration, formatTime } from "../../components/execution-status";
import { AppShell, crumbs } from "../../layout/app-shell";
import { LoadError } from "../../layout/load-error";
import { type LiveState, useExecutionStream } from "../../live/use-execution-stream";
import { EventHistory } from "./event-history";
import { ExecutionControls } from "./execution-controls";
import { JobLogsPanel } from "./job-logs-panel";
import { ReportPanel } from "./report-panel";
import { ServerTable } from "./server-table";
import { WaveTimeline } from "./wave-timeline";

const LIVE_TEXT: Record<LiveState, [string, "success" | "loading" | "warning" | "stopped" | "info"]> = {
  connecting: ["Connecting", "loading"],
  live: ["Live", "success"],
  reconnecting: ["Connection lost, reconnecting", "warning"],
  polling: ["Live stream unavailable, refreshing every 2 s", "warning"],
  finished: ["Finished", "stopped"],
};

/** One execution, updated live: waves, servers, job log, events, controls and the report. */
export function ExecutionDetailsPage() {
  const { executionId = "" } = useParams();
  const { execution: ex, error, live, refresh, changes } = useExecutionStream(executionId);
  const title = ex
    ? `${ex.planName ?? ex.planId} — ${ex.executionType === "DRILL" ? "drill" : "recovery"}`
    : "Execution";
  const progress = ex ? executionProgress(ex) : undefined;
  const done = progress?.finishedWaves ?? 0;
  const [liveText, liveType] = LIVE_TEXT[live];
  return (
    <AppShell
      breadcrumbs={crumbs(
        ["Executions", "/executions"],
        [executionId.slice(0, 8), `/executions/${executionId}`],
      )}
    >
      {error && !ex ? <LoadError what="the execution" error={error} onRetry={() => void refresh()} /> : null}
      {!ex && !error ? <Spinner size="large" /> : null}
      {ex && (
        <ContentLayout
          header={
            <Header
              variant="h1"
              description={`Execution ${ex.executionId}${ex.pointInTime ? ` · recovery point ${ex.pointInTime} (UTC)` : ""}`}
              actions={
                <ExecutionControls
                  execution={ex}
                  onChanged={(next) => (next?.waveStatus ? void refresh() : void refresh())}
                />
              }
            >
              {title}
            </Header>
          }
        >
          <SpaceBetween size="l">
            {error ? (
              <LoadError what="the latest state" error={error} onRetry={() => void refresh()} />
            ) : null}
            <PauseBanner execution={ex} />
            <Container header={<Header variant="h2">Overview</Header>}>
              <ColumnLayout columns={4} variant="text-grid">
                <div>
                  <Box variant="awsui-key-label">Status</Box>
                  <div data-testid="execution-status">
                    <ExecutionStatus status={ex.status} />
                  </div>
                  <StatusIndicator type={liveType}>{liveText}</StatusIndicator>
                </div>
                <div>
                  <Box variant="awsui-key-label">Progress</Box>
                  <ProgressBar
                    value={progress?.percent ?? 0}
                    additionalInfo={`${progress?.endedServers ?? 0} of ${progress?.totalServers ?? 0} servers, ${done} of ${progress?.totalWaves ?? 0} waves finished`}
                    ariaLabel="Execution progress"
                  />
                </div>
                <div>
                  <Box variant="awsui-key-label">Started</Box>
                  <div>{formatTime(ex.startTime)}</div>
                  <Box variant="small">by {ex.initiatedBy ?? "-"}</Box>
                </div>
                <div>
                  <Box variant="awsui-key-label">Duration</Box>
                  <div>{formatDuration(ex.startTime, ex.endTime)}</div>
                  {ex.instancesTerminated && (
                    <StatusIndicator type="stopped">Instances terminated</StatusIndicator>
                  )}
                </div>
              </ColumnLayout>
            </Container>
            <Container header={<Header variant="h2">Waves</Header>}>
              <WaveTimeline execution={ex} />
            </Container>
            <Container>
              <Tabs
                ariaLabel="Execution details"
                tabs={[
                  { id: "servers", label: "Servers", content: <ServerTable execution={ex} /> },
                  {
                    id: "logs",
                    label: "Job log",
                    content: <JobLogsPanel executionId={ex.executionId} version={`${ex.status}-${done}`} />,
                  },
                  { id: "events", label: "Events", content: <EventHistory execution={ex} live={changes} /> },
                  { id: "report", label: "Report", content: <ReportPanel execution={ex} /> },
                ]}
              />
            </Container>
          </SpaceBetween>
        </ContentLayout>
      )}
    </AppShell>
  );
}

/** Roles that may resume (the permission table in core is the one source). */
const RESUMERS = ROLES.filter((r) => ROLE_PERMISSIONS[r].includes("drs:ManageExecution")).join(" or ");

/**
 * Why a paused execution waits and what lets it go on: the wave awaiting approval and since when
 * (or who paused it), who may resume, and that Resume approves that wave.
 */
function PauseBanner({ execution }: { execution: Execution }) {
  if (execution.status !== "PAUSED") return null;
  const waiting = (execution.waveStatus ?? []).find((w) => w.status === "WAITING_APPROVAL");
  const events = execution.events ?? [];
  const since = [...events]
    .reverse()
    .find((e) =>
      waiting
        ? e.type === "WaveAwaitingApproval" && e.waveNumber === waiting.waveNumber
        : e.type === "ExecutionPaused",
    );
  const when = since?.timestamp ? ` since ${formatTime(since.timestamp)}` : "";
  return (
    <Alert
      type="warning"
      header={
        waiting
          ? `Wave ${waiting.waveNumber}${waiting.waveName ? ` "${waiting.waveName}"` : ""} is waiting for approval${when}`
          : `Paused${since?.actor && since.actor !== "system" ? ` by ${since.actor}` : ""}${when}`
      }
    >
      {waiting
        ? "The plan pauses before this wave so that someone checks the earlier waves first. "
        : "No new wave starts until the execution is resumed; running DRS jobs go on. "}
      A user with the {RESUMERS} role may resume it: Resume{" "}
      {waiting ? "approves this wave and starts it" : "carries on"}.
    </Alert>
  );
}
