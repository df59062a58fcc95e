import StatusIndicator, { type StatusIndicatorProps } from "@cloudscape-design/components/status-indicator";
import { NoWrap } from "./no-wrap";

/** Execution and wave statuses as console status badges: colour plus text, never colour alone. */
const TYPE_OF: Record<string, StatusIndicatorProps.Type> = {
  PENDING: "pending",
  RUNNING: "in-progress",
  LAUNCHING: "in-progress",
  HEALTH_CHECK: "in-progress",
  CANCELLING: "in-progress",
  PAUSED: "stopped",
  WAITING_APPROVAL: "stopped",
  COMPLETED: "success",
  PARTIAL: "warning",
  FAILED: "error",
  CANCELLED: "stopped",
  SKIPPED: "not-started",
};

export function ExecutionStatus({ status }: { status: string | undefined }) {
  const s = status ?? "UNKNOWN";
  return (
    <NoWrap>
      <StatusIndicator type={TYPE_OF[s] ?? "info"}>{s}</StatusIndicator>
    </NoWrap>
  );
}

export const formatTime = (iso: string | undefined): string => (iso ? new Date(iso).toLocaleString() : "-");

/** Elapsed time as "12m 05s"; runs to now while the span is open. */
export const formatDuration = (start?: string, end?: string): string => {
  if (!start) return "-";
  const ms = (end ? Date.parse(end) : Date.now()) - Date.parse(start);
  if (!Number.isFinite(ms) || ms < 0) return "-";
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, "0");
  return h ? `${h}h ${String(m).padStart(2, "0")}m` : `${m}m ${sec}s`;
};

/** A span in seconds as "6h 10m" / "4m 05s". */
export const formatSeconds = (seconds: number): string =>
  formatDuration(new Date(0).toISOString(), new Date(seconds * 1000).toISOString());

/** DRS `lagDuration` (ISO 8601, e.g. PT6H10M) as "6h 10m"; "-" when absent or unreadable. */
export const formatLag = (iso: string | undefined): string => {
  const m = iso ? /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?)?$/.exec(iso) : null;
  if (!m) return "-";
  const [d, h, min, s] = [m[1], m[2], m[3], m[4]].map((x) => Number(x ?? 0));
  return formatSeconds((d ?? 0) * 86_400 + (h ?? 0) * 3600 + (min ?? 0) * 60 + Math.round(s ?? 0));
};
