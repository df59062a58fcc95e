/**
 * The recovery point the operator picks when starting an execution: "latest" (DRS takes a fresh
 * snapshot) or a UTC date and time, each server then recovering from its newest snapshot at or
 * before it.
 */
export type RecoveryPointChoice = { kind: "latest" } | { kind: "pointInTime"; date: string; time: string };

/** `YYYY/MM/DD` or `YYYY-MM-DD` (DatePicker) and `HH:mm` (TimeInput), read as UTC. */
export function pointInTimeOf(
  choice: RecoveryPointChoice,
  now: Date,
): { pointInTime?: string; error?: string } {
  if (choice.kind === "latest") return {};
  const date = /^(\d{4})[-/](\d{2})[-/](\d{2})$/.exec(choice.date);
  const time = /^(\d{2}):(\d{2})$/.exec(choice.time);
  if (!date || !time) return { error: "Enter a date and a time (UTC)." };
  const [, y, mo, d] = date;
  const [, h, mi] = time;
  const at = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi)));
  // Date.UTC rolls 2026-02-31 over to March; a date that changed is not the one typed.
  if (
    Number.isNaN(at.getTime()) ||
    at.getUTCDate() !== Number(d) ||
    at.getUTCMonth() !== Number(mo) - 1 ||
    at.getUTCHours() !== Number(h) ||
    at.getUTCMinutes() !== Number(mi)
  ) {
    return { error: "That date or time does not exist." };
  }
  if (at.getTime() > now.getTime()) return { error: "The recovery point must be in the past." };
  return { pointInTime: at.toISOString() };
}
