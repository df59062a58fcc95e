import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import ColumnLayout from "@cloudscape-design/components/column-layout";
import Container from "@cloudscape-design/components/container";
import ContentLayout from "@cloudscape-design/components/content-layout";
import Header from "@cloudscape-design/components/header";
import SpaceBetween from "@cloudscape-design/components/space-between";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import { listExecutions, listGroups, listPlans } from "../../api/resources";
import { useResource } from "../../api/use-resource";
import { AppShell, crumbs } from "../../layout/app-shell";
import { useFollow } from "../../layout/use-follow";

interface Step {
  title: string;
  text: string;
  done: boolean;
  action: string;
  href: string;
}

/** The three steps to a first drill, each ticked off as the operator completes it. */
export function GettingStartedPage() {
  const follow = useFollow();
  const groups = useResource(listGroups, []);
  const plans = useResource(listPlans, []);
  const executions = useResource(listExecutions, []);
  const steps: Step[] = [
    {
      title: "1. Create a protection group",
      text: "Pick replicating DRS source servers, or select them by tags such as Application=erp.",
      done: (groups.data?.length ?? 0) > 0,
      action: "Create protection group",
      href: "/protection-groups/new",
    },
    {
      title: "2. Create a recovery plan",
      text: "Order your groups into waves: databases first, then applications, then web servers.",
      done: (plans.data?.length ?? 0) > 0,
      action: "Create recovery plan",
      href: "/recovery-plans/new",
    },
    {
      title: "3. Run a drill",
      text: "Execute the plan as a drill: instances launch in isolation and you terminate them afterwards.",
      done: (executions.data?.length ?? 0) > 0,
      action: "Go to recovery plans",
      href: "/recovery-plans",
    },
  ];
  return (
    <AppShell breadcrumbs={crumbs(["Getting started", "/getting-started"])}>
      <ContentLayout
        header={
          <Header variant="h1" description="Three steps from replicating servers to a tested recovery.">
            Getting started
          </Header>
        }
      >
        <ColumnLayout columns={3}>
          {steps.map((s) => (
            <Container key={s.title} header={<Header variant="h2">{s.title}</Header>}>
              <SpaceBetween size="m">
                <Box>{s.text}</Box>
                {s.done ? (
                  <StatusIndicator type="success">Done</StatusIndicator>
                ) : (
                  <StatusIndicator type="pending">Not yet</StatusIndicator>
                )}
                <Button href={s.href} onFollow={follow(s.href)}>
                  {s.action}
                </Button>
              </SpaceBetween>
            </Container>
          ))}
        </ColumnLayout>
      </ContentLayout>
    </AppShell>
  );
}
