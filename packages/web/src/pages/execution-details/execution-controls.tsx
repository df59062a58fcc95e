import Button from "@cloudscape-design/components/button";
import SpaceBetween from "@cloudscape-design/components/space-between";
import type { Permission } from "@drso/core";
import { useEffect, useState } from "react";
import { type ExecutionAction, isActionAllowed } from "../../api/execution-actions";
import type { Execution } from "../../api/execution-types";
import { executionAction } from "../../api/resources";
import { useSession } from "../../auth/session-context";
import { ConfirmModal } from "../../components/confirm-modal";
import { useFlash } from "../../layout/flash-context";

interface Control {
  action: ExecutionAction;
  label: string;
  permission: Permission;
  /** Asked before acting; the buttons say what each choice does. */
  confirm?: { text: string; yes: string; no: string };
}

const CONTROLS: Control[] = [
  { action: "pause", label: "Pause", permission: "drs:ManageExecution" },
  {
    action: "resume",
    label: "Resume",
    permission: "drs:ManageExecution",
    confirm: {
      text: "Resume this execution? A wave waiting for approval is approved and starts now.",
      yes: "Resume execution",
      no: "Stay paused",
    },
  },
  {
    action: "cancel",
    label: "Cancel",
    permission: "drs:ManageExecution",
    confirm: {
      text: "Cancel this execution? Running DRS jobs finish; no new wave starts.",
      yes: "Cancel execution",
      no: "Keep running",
    },
  },
  {
    action: "force-cancel",
    label: "Force cancel",
    permission: "drs:ManageExecution",
    confirm: {
      text: "The cancel has been waiting for DRS for over a minute. End the execution CANCELLED now? Its DRS jobs are no longer waited for and its servers are released; instances DRS still launches must be cleaned up in DRS.",
      yes: "Force cancel",
      no: "Keep waiting",
    },
  },
  {
    action: "retry",
    label: "Retry failed",
    permission: "drs:ManageExecution",
    confirm: {
      text: "Launch the failed servers again? Their waves run again; the other servers keep their instances.",
      yes: "Retry failed servers",
      no: "Do not retry",
    },
  },
  {
    action: "terminate-instances",
    label: "Terminate instances",
    permission: "drs:TerminateInstances",
    confirm: {
      text: "Terminate every recovery instance this execution launched? This cannot be undone.",
      yes: "Terminate instances",
      no: "Keep instances",
    },
  },
];

/** The execution's control buttons: shown by role, enabled exactly when the state allows the action. */
export function ExecutionControls({
  execution,
  onChanged,
}: {
  execution: Execution;
  onChanged: (e?: Execution) => void;
}) {
  const { can } = useSession();
  const { notify, fail } = useFlash();
  const [busy, setBusy] = useState<ExecutionAction>();
  const [confirming, setConfirming] = useState<Control>();
  const now = useClockWhile(execution.status === "CANCELLING");
  const run = async (action: ExecutionAction, label: string) => {
    setBusy(action);
    setConfirming(undefined);
    try {
      const res = await executionAction(execution.executionId, action);
      notify("success", `${label}: request accepted.`);
      onChanged(res && typeof res === "object" && "executionId" in res ? res : undefined);
    } catch (e) {
      fail(`${label} failed`, e);
      onChanged();
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <>
      <SpaceBetween direction="horizontal" size="xs">
        {CONTROLS.filter(
          // Force cancel appears only when it applies; the other controls stay, disabled or not.
          (c) =>
            can(c.permission) && (c.action !== "force-cancel" || isActionAllowed(execution, c.action, now)),
        ).map((c) => (
          <Button
            key={c.action}
            loading={busy === c.action}
            disabled={!isActionAllowed(execution, c.action, now) || busy !== undefined}
            variant={c.action === "resume" ? "primary" : "normal"}
            onClick={() => (c.confirm ? setConfirming(c) : void run(c.action, c.label))}
          >
            {c.label}
          </Button>
        ))}
      </SpaceBetween>
      {confirming && (
        <ConfirmModal
          header={confirming.label}
          confirmText={confirming.confirm?.yes ?? confirming.label}
          cancelText={confirming.confirm?.no}
          onConfirm={() => void run(confirming.action, confirming.label)}
          onCancel={() => setConfirming(undefined)}
        >
          {confirming.confirm?.text}
        </ConfirmModal>
      )}
    </>
  );
}

/** The time now, refreshed every few seconds while `active` (a pending cancel ages into force cancel). */
function useClockWhile(active: boolean): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 5000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}
