import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Modal, { type ModalProps } from "@cloudscape-design/components/modal";
import SpaceBetween from "@cloudscape-design/components/space-between";
import type { ReactNode } from "react";

/**
 * A dialog that asks before doing something: a way back (Cancel, or `cancelText`) and a primary
 * button. Closing the dialog (Escape, the close icon) is the same as the way back.
 */
export function ConfirmModal({
  header,
  confirmText,
  cancelText = "Cancel",
  busy,
  disabled,
  size,
  onConfirm,
  onCancel,
  children,
}: {
  header: string;
  confirmText: ReactNode;
  cancelText?: string;
  busy?: boolean;
  disabled?: boolean;
  size?: ModalProps.Size;
  onConfirm: () => void;
  onCancel: () => void;
  children: ReactNode;
}) {
  return (
    <Modal
      visible
      size={size}
      onDismiss={onCancel}
      closeAriaLabel="Close dialog"
      header={header}
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={onCancel}>
              {cancelText}
            </Button>
            <Button variant="primary" disabled={disabled} loading={busy} onClick={onConfirm}>
              {confirmText}
            </Button>
          </SpaceBetween>
        </Box>
      }
    >
      {children}
    </Modal>
  );
}
