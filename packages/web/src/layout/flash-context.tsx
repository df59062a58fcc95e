import type { FlashbarProps } from "@cloudscape-design/components/flashbar";
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from "react";
import { describeError } from "../api/api-error";

/** Page-level notifications. Errors stay until dismissed (a failure is never hidden by a timeout); confirmations fade. */
const CONFIRMATION_MS = 8000;
interface FlashValue {
  items: FlashbarProps.MessageDefinition[];
  notify: (type: "success" | "info" | "warning", content: string) => void;
  fail: (header: string, err: unknown) => void;
}

const FlashContext = createContext<FlashValue | undefined>(undefined);
let seq = 0;

export function FlashProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<FlashbarProps.MessageDefinition[]>([]);
  const push = useCallback((item: Omit<FlashbarProps.MessageDefinition, "id" | "onDismiss">) => {
    const id = `flash-${++seq}`;
    const dismiss = () => setItems((all) => all.filter((i) => i.id !== id));
    setItems((all) => [
      ...all.slice(-4),
      { ...item, id, dismissible: true, dismissLabel: "Dismiss message", onDismiss: dismiss },
    ]);
    if (item.type === "success") setTimeout(dismiss, CONFIRMATION_MS);
  }, []);
  const value = useMemo<FlashValue>(
    () => ({
      items,
      notify: (type, content) => push({ type, content }),
      fail: (header, err) => push({ type: "error", header, content: describeError(err) }),
    }),
    [items, push],
  );
  return <FlashContext.Provider value={value}>{children}</FlashContext.Provider>;
}

export const useFlash = (): FlashValue => {
  const v = useContext(FlashContext);
  if (!v) throw new Error("useFlash outside FlashProvider");
  return v;
};
