import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import DatePicker from "@cloudscape-design/components/date-picker";
import FormField from "@cloudscape-design/components/form-field";
import Input from "@cloudscape-design/components/input";
import RadioGroup from "@cloudscape-design/components/radio-group";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Spinner from "@cloudscape-design/components/spinner";
import TimeInput from "@cloudscape-design/components/time-input";
import type { ProtectionGroup, RecoveryPlan } from "@drso/core";
import { useState } from "react";
import { useNavigate } from "react-router-dom";
import { describeError } from "../../api/api-error";
import type { ExecutionType } from "../../api/execution-types";
import { executePlan } from "../../api/resources";
import { useResource } from "../../api/use-resource";
import { ConfirmModal } from "../../components/confirm-modal";
import { LoadError } from "../../layout/load-error";
import { serversOfPlan } from "./plan-servers";
import { pointInTimeOf } from "./recovery-point";

/** An hour ago, in UTC, as the pickers show it: a sensible first guess for "before the incident". */
const anHourAgo = () => {
  const t = new Date(Date.now() - 60 * 60_000).toISOString();
  return { date: t.slice(0, 10).replaceAll("-", "/"), time: t.slice(11, 16) };
};

/**
 * Confirmation before launching: names every server that will be launched. A RECOVERY launches
 * production instances, so the operator must type the plan name to confirm it.
 */
export function ExecuteModal({
  plan,
  groups,
  type,
  onClose,
}: {
  plan: RecoveryPlan;
  groups: ProtectionGroup[];
  type: ExecutionType;
  onClose: () => void;
}) {
  const navigate = useNavigate();
  const lines = useResource(() => serversOfPlan(plan, groups), [plan.planId]);
  const [typed, setTyped] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [pointKind, setPointKind] = useState<"latest" | "pointInTime">("latest");
  const [pit, setPit] = useState(anHourAgo);
  const recoveryPoint = pointInTimeOf(
    pointKind === "latest" ? { kind: "latest" } : { kind: "pointInTime", ...pit },
    new Date(),
  );
  const total = (lines.data ?? []).reduce((n, l) => n + l.serverIds.length, 0);
  const confirmed = type === "DRILL" || typed === plan.planName;
  const start = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const ex = await executePlan(plan.planId, type, recoveryPoint.pointInTime);
      navigate(`/executions/${ex.executionId}`);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  const verb = type === "DRILL" ? "Start drill" : "Start recovery";
  return (
    <ConfirmModal
      size="large"
      header={`${verb}: ${plan.planName}`}
      confirmText={verb}
      disabled={!confirmed || lines.loading || recoveryPoint.error !== undefined}
      busy={busy}
      onConfirm={() => void start()}
      onCancel={onClose}
    >
      <SpaceBetween size="m">
        {type === "RECOVERY" ? (
          <Alert type="warning" header="This is a real recovery">
            Recovery instances are launched for production use and are not cleaned up automatically.
          </Alert>
        ) : (
          <Alert type="info">
            A drill launches recovery instances for testing; terminate them when you are done.
          </Alert>
        )}
        {lines.loading && <Spinner />}
        {lines.error ? <LoadError what="the servers of this plan" error={lines.error} /> : null}
        {lines.data && (
          <div data-testid="execute-servers">
            <Box variant="p">
              {total} server(s) will be launched in {plan.waves.length} wave(s):
            </Box>
            <ul>
              {lines.data.map((l) => (
                <li key={`${l.waveNumber}-${l.groupName}`}>
                  Wave {l.waveNumber}, <b>{l.groupName}</b>
                  {l.resolvedByTags ? " (by tags, now)" : ""}:{" "}
                  {(l.hostnames.length ? l.hostnames : l.serverIds).join(", ") || "no servers"}
                </li>
              ))}
            </ul>
          </div>
        )}
        <FormField
          label="Recovery point"
          description="Which data the recovery instances start from."
          errorText={pointKind === "latest" ? undefined : recoveryPoint.error}
        >
          <RadioGroup
            value={pointKind}
            onChange={(e) => {
              setError(undefined);
              setPointKind(e.detail.value as "latest" | "pointInTime");
            }}
            items={[
              {
                value: "latest",
                label: "Latest",
                description: "DRS takes a fresh snapshot of each server's replicated data.",
              },
              {
                value: "pointInTime",
                label: "Point in time",
                description:
                  "Each server starts from its newest DRS recovery snapshot taken at or before this time (UTC), e.g. before a ransomware attack.",
              },
            ]}
          />
        </FormField>
        {pointKind === "pointInTime" && (
          <SpaceBetween direction="horizontal" size="l">
            <FormField label="Recovery point date (UTC)" constraintText="YYYY/MM/DD">
              <DatePicker
                value={pit.date}
                onChange={(e) => {
                  setError(undefined);
                  setPit((p) => ({ ...p, date: e.detail.value }));
                }}
                placeholder="YYYY/MM/DD"
                openCalendarAriaLabel={(selected) =>
                  `Choose recovery point date${selected ? `, selected date is ${selected}` : ""}`
                }
                isDateEnabled={(d) => d.getTime() <= Date.now()}
              />
            </FormField>
            <FormField label="Recovery point time (UTC)" constraintText="hh:mm, 24-hour">
              <TimeInput
                value={pit.time}
                format="hh:mm"
                placeholder="hh:mm"
                onChange={(e) => {
                  setError(undefined);
                  setPit((p) => ({ ...p, time: e.detail.value }));
                }}
              />
            </FormField>
          </SpaceBetween>
        )}
        {type === "RECOVERY" && (
          <FormField label={`Type the plan name (${plan.planName}) to confirm`}>
            <Input
              value={typed}
              ariaLabel="Plan name confirmation"
              onChange={(e) => setTyped(e.detail.value)}
            />
          </FormField>
        )}
        {error && (
          <Alert type="error" header="The execution was not started">
            {error}
          </Alert>
        )}
      </SpaceBetween>
    </ConfirmModal>
  );
}
