import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Checkbox from "@cloudscape-design/components/checkbox";
import DatePicker from "@cloudscape-design/components/date-picker";
import FormField from "@cloudscape-design/components/form-field";
import Input from "@cloudscape-design/components/input";
import RadioGroup from "@cloudscape-design/components/radio-group";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Spinner from "@cloudscape-design/components/spinner";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import Table from "@cloudscape-design/components/table";
import TimeInput from "@cloudscape-design/components/time-input";
import type { ProtectionGroup, RecoveryPlan } from "@drso/core";
import { useEffect, useState } from "react";
import { useNavigate } from "react-router-dom";
import { describeError } from "../../api/api-error";
import type { ExecutionType } from "../../api/execution-types";
import { executePlan } from "../../api/resources";
import { useResource } from "../../api/use-resource";
import { ConfirmModal } from "../../components/confirm-modal";
import { formatLag } from "../../components/execution-status";
import { LoadError } from "../../layout/load-error";
import { type PlanServerRow, serversOfPlan } from "./plan-servers";
import { pointInTimeOf } from "./recovery-point";

/** An hour ago, in UTC, as the pickers show it: a sensible first guess for "before the incident". */
const anHourAgo = () => {
  const t = new Date(Date.now() - 60 * 60_000).toISOString();
  return { date: t.slice(0, 10).replaceAll("-", "/"), time: t.slice(11, 16) };
};

const named = (r: PlanServerRow) => (r.hostname ? `${r.hostname} (${r.serverId})` : r.serverId);

/**
 * Confirmation before launching: every server that will be launched, with its replication state
 * and lag, each of which the operator may untick to leave it out. Servers whose replication is not
 * live launch from their last recovery snapshot: a RECOVERY says so, a DRILL needs it ticked. A
 * RECOVERY launches production instances, so the operator types the plan name to confirm it.
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
  const rows = lines.data?.rows ?? [];
  const [selected, setSelected] = useState<PlanServerRow[]>([]);
  const [allowDegraded, setAllowDegraded] = useState(false);
  useEffect(() => setSelected(lines.data?.rows ?? []), [lines.data]);
  const chosen = new Set(selected.map((r) => r.serverId));
  const excluded = [...new Set(rows.filter((r) => !chosen.has(r.serverId)).map((r) => r.serverId))];
  const degraded = selected.filter((r) => r.degraded);
  const [typed, setTyped] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [pointKind, setPointKind] = useState<"latest" | "pointInTime">("latest");
  const [pit, setPit] = useState(anHourAgo);
  const recoveryPoint = pointInTimeOf(
    pointKind === "latest" ? { kind: "latest" } : { kind: "pointInTime", ...pit },
    new Date(),
  );
  const total = chosen.size;
  const confirmed =
    (type === "DRILL" ? degraded.length === 0 || allowDegraded : typed === plan.planName) && total > 0;
  const start = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const ex = await executePlan(plan.planId, type, {
        ...(recoveryPoint.pointInTime ? { pointInTime: recoveryPoint.pointInTime } : {}),
        ...(type === "DRILL" && degraded.length > 0 && allowDegraded ? { allowDegraded: true } : {}),
        ...(excluded.length ? { excludeServers: excluded } : {}),
      });
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
            <Table
              variant="embedded"
              wrapLines
              ariaLabels={{
                selectionGroupLabel: "Servers to launch",
                allItemsSelectionLabel: () => "Launch every server",
                itemSelectionLabel: (_, r) => `Launch ${named(r)}`,
              }}
              header={
                <Box variant="p">
                  {total} of {new Set(rows.map((r) => r.serverId)).size} server(s) will be launched in{" "}
                  {plan.waves.length} wave(s). Untick a server to leave it out of this run.
                </Box>
              }
              selectionType="multi"
              selectedItems={selected}
              onSelectionChange={(e) => {
                setError(undefined);
                setSelected(e.detail.selectedItems);
              }}
              trackBy={(r) => `${r.groupId}/${r.serverId}`}
              items={rows}
              empty={<Box textAlign="center">The plan's groups match no server.</Box>}
              columnDefinitions={[
                { id: "wave", header: "Wave", cell: (r) => r.waveNumber },
                {
                  id: "group",
                  header: "Group",
                  cell: (r) => `${r.groupName}${r.resolvedByTags ? " (by tags, now)" : ""}`,
                },
                {
                  id: "server",
                  header: "Server",
                  isRowHeader: true,
                  cell: (r) => (
                    <>
                      {r.hostname ?? "unknown to DRS"}
                      <Box variant="small" display="block">
                        {r.serverId}
                      </Box>
                    </>
                  ),
                },
                {
                  id: "replication",
                  header: "Replication",
                  cell: (r) => (
                    <StatusIndicator
                      type={!r.replicationState ? "error" : r.degraded ? "warning" : "success"}
                    >
                      {r.replicationState ?? "not found"}
                    </StatusIndicator>
                  ),
                },
                { id: "lag", header: "Lag", cell: (r) => formatLag(r.replicationLag) },
              ]}
            />
            {lines.data.unknownGroups.map((u) => (
              <Alert key={u.groupId} type="error">
                Wave {u.waveNumber} names protection group {u.groupId}, which does not exist.
              </Alert>
            ))}
          </div>
        )}
        {degraded.length > 0 && type === "RECOVERY" && (
          <Alert type="warning" header={`${degraded.length} server(s) do not replicate live`}>
            They launch from their newest recovery snapshot; the execution shows how old each one's data is:{" "}
            {degraded.map((r) => `${named(r)}: ${r.replicationState}`).join(", ")}.
          </Alert>
        )}
        {degraded.length > 0 && type === "DRILL" && (
          <Alert type="warning" header={`${degraded.length} server(s) do not replicate live`}>
            <SpaceBetween size="xs">
              <ul aria-label="Servers that do not replicate live">
                {degraded.map((r) => (
                  <li key={r.serverId}>
                    {named(r)}: {r.replicationState}, lag {formatLag(r.replicationLag)}
                  </li>
                ))}
              </ul>
              <Checkbox checked={allowDegraded} onChange={(e) => setAllowDegraded(e.detail.checked)}>
                Launch them from their last recovery snapshot (recorded on the execution)
              </Checkbox>
              <Box variant="small">Or untick them above to drill without them.</Box>
            </SpaceBetween>
          </Alert>
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
