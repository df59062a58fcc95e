import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useState } from "react";
import { describeError } from "../api/api-error";
import { ConfirmModal } from "./confirm-modal";

/** Confirm-then-delete; when the API refuses (e.g. 409 "used by plan X") the reason stays in the dialog. */
export function DeleteModal({
  what,
  name,
  onDelete,
  onClose,
  onDeleted,
}: {
  what: string;
  name: string;
  onDelete: () => Promise<unknown>;
  onClose: () => void;
  onDeleted: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const run = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await onDelete();
      onDeleted();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <ConfirmModal
      header={`Delete ${what}`}
      confirmText="Delete"
      busy={busy}
      onConfirm={() => void run()}
      onCancel={onClose}
    >
      <SpaceBetween size="m">
        <Box>
          Delete {what} <b>{name}</b>? This cannot be undone.
        </Box>
        {error && (
          <Alert type="error" header="Delete refused">
            {error}
          </Alert>
        )}
      </SpaceBetween>
    </ConfirmModal>
  );
}
