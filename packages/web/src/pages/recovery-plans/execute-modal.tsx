import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import FormField from "@cloudscape-design/components/form-field";
import Input from "@cloudscape-design/components/input";
import Modal from "@cloudscape-design/components/modal";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Spinner from "@cloudscape-design/components/spinner";
import type { ProtectionGroup, RecoveryPlan } from "@drso/core";
import { useState } from "react";
import { useNavigate } from "react-router-dom";
import { describeError } from "../../api/api-error";
import type { ExecutionType } from "../../api/execution-types";
import { executePlan } from "../../api/resources";
import { useResource } from "../../api/use-resource";
import { LoadError } from "../../layout/load-error";
import { serversOfPlan } from "./plan-servers";

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
  const total = (lines.data ?? []).reduce((n, l) => n + l.serverIds.length, 0);
  const confirmed = type === "DRILL" || typed === plan.planName;
  const start = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const ex = await executePlan(plan.planId, type);
      navigate(`/executions/${ex.executionId}`);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  const verb = type === "DRILL" ? "Start drill" : "Start recovery";
  return (
    <Modal
      visible
      size="large"
      onDismiss={onClose}
      closeAriaLabel="Close dialog"
      header={`${verb}: ${plan.planName}`}
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={onClose}>
              Cancel
            </Button>
            <Button
              variant="primary"
              disabled={!confirmed || lines.loading}
              loading={busy}
              onClick={() => void start()}
            >
              {verb}
            </Button>
          </SpaceBetween>
        </Box>
      }
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
    </Modal>
  );
}
