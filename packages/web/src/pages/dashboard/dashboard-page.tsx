import Box from "@cloudscape-design/components/box";
import ColumnLayout from "@cloudscape-design/components/column-layout";
import Container from "@cloudscape-design/components/container";
import ContentLayout from "@cloudscape-design/components/content-layout";
import Header from "@cloudscape-design/components/header";
import Link from "@cloudscape-design/components/link";
import ProgressBar from "@cloudscape-design/components/progress-bar";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Table from "@cloudscape-design/components/table";
import { executionProgress } from "@drso/core";
import { useEffect } from "react";
import { type Execution, isTerminal } from "../../api/execution-types";
import { listExecutions, listGroups, listPlans, listQuotas } from "../../api/resources";
import { useResource } from "../../api/use-resource";
import { ExecutionStatus, formatTime } from "../../components/execution-status";
import { NoWrap } from "../../components/no-wrap";
import { ReplicationState } from "../../components/source-server-columns";
import { AppShell, crumbs } from "../../layout/app-shell";
import { LoadError } from "../../layout/load-error";
import { useFollow } from "../../layout/use-follow";
import { loadFleet } from "./fleet";
import { QuotaTable } from "./quota-table";

const Counter = ({ label, value, href }: { label: string; value: number | undefined; href: string }) => {
  const follow = useFollow();
  return (
    <div>
      <Box variant="awsui-key-label">{label}</Box>
      <Link
        variant="awsui-value-large"
        href={href}
        onFollow={follow(href)}
        ariaLabel={`${label}: ${value ?? "unknown"}`}
      >
        {value === undefined ? "-" : String(value)}
      </Link>
    </div>
  );
};

/** What is running, what ran, and whether the fleet is ready to recover. */
export function DashboardPage() {
  const follow = useFollow();
  const groups = useResource(listGroups, []);
  const plans = useResource(listPlans, []);
  const executions = useResource(listExecutions, []);
  const fleet = useResource(loadFleet, []);
  const quotas = useResource(listQuotas, []);
  const reloadExecutions = executions.reload;
  const active = (executions.data ?? []).filter((e) => !isTerminal(e.status));
  // Active executions move; refresh their progress while any is running.
  useEffect(() => {
    if (active.length === 0) return;
    const t = setInterval(reloadExecutions, 5000);
    return () => clearInterval(t);
  }, [active.length, reloadExecutions]);
  const recent = [...(executions.data ?? [])]
    .sort((a, b) => (b.startTime ?? "").localeCompare(a.startTime ?? ""))
    .slice(0, 5);
  const unhealthy = (fleet.data ?? []).filter((s) => s.replicationState !== "CONTINUOUS");
  const open = (e: Execution) => (
    <Link href={`/executions/${e.executionId}`} onFollow={follow(`/executions/${e.executionId}`)}>
      {e.planName ?? e.planId}
    </Link>
  );
  return (
    <AppShell breadcrumbs={crumbs(["Dashboard", "/dashboard"])}>
      <ContentLayout header={<Header variant="h1">Dashboard</Header>}>
        <SpaceBetween size="l">
          <Container header={<Header variant="h2">Overview</Header>}>
            <ColumnLayout columns={4} variant="text-grid">
              <Counter label="Protection groups" value={groups.data?.length} href="/protection-groups" />
              <Counter label="Recovery plans" value={plans.data?.length} href="/recovery-plans" />
              <Counter label="Source servers" value={fleet.data?.length} href="/protection-groups/new" />
              <Counter
                label="Active executions"
                value={executions.data ? active.length : undefined}
                href="/executions"
              />
            </ColumnLayout>
          </Container>
          {(
            [
              ["protection groups", groups],
              ["recovery plans", plans],
              ["executions", executions],
            ] as const
          ).map(([what, r]) =>
            r.error ? <LoadError key={what} what={what} error={r.error} onRetry={r.reload} /> : null,
          )}
          <Container
            header={
              <Header variant="h2" counter={`(${active.length})`}>
                Active executions
              </Header>
            }
          >
            {active.length === 0 ? (
              <Box color="text-body-secondary">Nothing is running.</Box>
            ) : (
              <SpaceBetween size="m">
                {active.map((e) => (
                  <ProgressBar
                    key={e.executionId}
                    label={open(e)}
                    description={`${e.executionType}, ${e.status}`}
                    value={executionProgress(e).percent}
                    additionalInfo={executionProgress(e).label}
                  />
                ))}
              </SpaceBetween>
            )}
          </Container>
          <Table
            variant="container"
            header={<Header variant="h2">Recent executions</Header>}
            items={recent}
            trackBy="executionId"
            empty={<Box textAlign="center">No executions yet.</Box>}
            columnDefinitions={[
              { id: "plan", header: "Plan", cell: open, isRowHeader: true },
              { id: "type", header: "Type", cell: (e) => e.executionType },
              { id: "status", header: "Status", cell: (e) => <ExecutionStatus status={e.status} /> },
              { id: "start", header: "Started", cell: (e) => formatTime(e.startTime) },
            ]}
          />
          <ColumnLayout columns={2}>
            <Container
              header={
                <Header
                  variant="h2"
                  description="Servers not in CONTINUOUS replication cannot be recovered with current data."
                >
                  Replication health
                </Header>
              }
            >
              {fleet.error ? (
                <LoadError what="source servers" error={fleet.error} onRetry={fleet.reload} />
              ) : (
                <SpaceBetween size="s">
                  <Box>
                    {(fleet.data?.length ?? 0) - unhealthy.length} of {fleet.data?.length ?? 0} servers
                    replicating continuously.
                  </Box>
                  {unhealthy.length > 0 && (
                    <Table
                      variant="embedded"
                      items={unhealthy.slice(0, 20)}
                      trackBy="serverId"
                      header={
                        <Header variant="h3" counter={`(${unhealthy.length})`}>
                          Needs attention
                        </Header>
                      }
                      wrapLines
                      columnDefinitions={[
                        {
                          id: "host",
                          header: "Server",
                          // The account-region goes under the name: in half the page, a third column
                          // left the state no room ("DISCONNE").
                          cell: (s) => (
                            <>
                              <NoWrap>{s.hostname}</NoWrap>
                              <Box variant="small" display="block" color="text-body-secondary">
                                {s.accountId} · {s.region}
                              </Box>
                            </>
                          ),
                          isRowHeader: true,
                        },
                        {
                          id: "state",
                          header: "Replication",
                          cell: (s) => <ReplicationState state={String(s.replicationState)} />,
                        },
                      ]}
                    />
                  )}
                </SpaceBetween>
              )}
            </Container>
            <Container header={<Header variant="h2">DRS quotas</Header>}>
              {quotas.error ? (
                <LoadError what="DRS quotas" error={quotas.error} onRetry={quotas.reload} />
              ) : (
                <QuotaTable quotas={quotas.data ?? []} />
              )}
            </Container>
          </ColumnLayout>
        </SpaceBetween>
      </ContentLayout>
    </AppShell>
  );
}
