import type { ReactNode } from "react";

/**
 * Text a table must never break: states and ids. A table with `wrapLines` breaks an over-long word
 * anywhere ("CONTINUO|US", "s-|6755…"); kept on one line, the column grows to fit it instead.
 */
export function NoWrap({ children }: { children: ReactNode }) {
  return <span style={{ whiteSpace: "nowrap" }}>{children}</span>;
}
