import type { DocumentRecoveryPlan, DocumentWave, PlanChange } from "@drso/core";
import type { TerminalStyle } from "./terminal-style";

const KIND_LABEL = { protectionGroup: "protection group", recoveryPlan: "recovery plan" } as const;

const value = (v: unknown) => (v === undefined ? "(none)" : JSON.stringify(v));

/** One line per wave, so a changed wave reads as one removed and one added line. */
export function describeWave(w: DocumentWave): string {
  const parts = [
    `wave ${w.waveNumber}${w.waveName ? ` "${w.waveName}"` : ""}: ${w.protectionGroups.join(", ")}`,
  ];
  if (w.dependsOnWaves !== undefined)
    parts.push(w.dependsOnWaves.length ? `after ${w.dependsOnWaves.join(", ")}` : "no dependencies");
  if (w.pauseBeforeWave) parts.push("pause before");
  if (w.waitTimeSeconds !== undefined) parts.push(`wait ${w.waitTimeSeconds}s`);
  if (w.onFailure && w.onFailure !== "STOP") parts.push(`on failure ${w.onFailure}`);
  return parts.join(" · ");
}

/** Fields of a created resource; the name is in the heading and waves come last, one line each. */
function fieldLines(resource: Record<string, unknown>, sign: string): string[] {
  const { groupName: _g, planName: _p, waves, ...fields } = resource;
  return [
    ...Object.entries(fields).flatMap(([field, v]) =>
      v === undefined ? [] : [`      ${sign} ${field} = ${value(v)}`],
    ),
    ...((waves as DocumentWave[] | undefined) ?? []).map((w) => `      ${sign} ${describeWave(w)}`),
  ];
}

/**
 * A `terraform plan`-like description of the changes: what is created, updated in place (with
 * old → new per field) and deleted, then a summary line.
 */
export function renderPlanChanges(
  changes: readonly PlanChange[],
  style: TerminalStyle,
  source: string,
): string {
  if (changes.length === 0) return `${style.green("No changes.")} The installation matches ${source}.`;
  const out: string[] = ["DRS Orchestrator will perform the following actions:", ""];
  for (const c of changes) {
    const label = `${KIND_LABEL[c.kind]} "${c.name}"`;
    if (c.action === "create") {
      out.push(style.green(`  + ${label} will be created`));
      out.push(...fieldLines(c.desired as Record<string, unknown>, "+").map(style.green));
    } else if (c.action === "delete") {
      out.push(style.red(`  - ${label} will be deleted`));
    } else {
      out.push(style.yellow(`  ~ ${label} will be updated in place`));
      const desired = c.desired as Record<string, unknown>;
      const current = c.current as Record<string, unknown>;
      for (const f of c.fields) {
        if (f === "waves") {
          const before = new Set((c.current as DocumentRecoveryPlan).waves.map(describeWave));
          const after = new Set((c.desired as DocumentRecoveryPlan).waves.map(describeWave));
          out.push(style.yellow("      ~ waves"));
          for (const w of before) if (!after.has(w)) out.push(style.red(`          - ${w}`));
          for (const w of after) if (!before.has(w)) out.push(style.green(`          + ${w}`));
        } else {
          out.push(style.yellow(`      ~ ${f}: ${value(current[f])} → ${value(desired[f])}`));
        }
      }
    }
    out.push("");
  }
  const count = (a: PlanChange["action"]) => changes.filter((c) => c.action === a).length;
  out.push(
    `${style.bold("Plan:")} ${count("create")} to create, ${count("update")} to update, ${count("delete")} to delete.`,
  );
  return out.join("\n");
}
