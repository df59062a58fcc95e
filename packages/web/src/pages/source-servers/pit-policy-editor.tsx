import AttributeEditor from "@cloudscape-design/components/attribute-editor";
import Input from "@cloudscape-design/components/input";
import Select from "@cloudscape-design/components/select";
import Toggle from "@cloudscape-design/components/toggle";
import type { PitRule } from "@drso/core";

const UNITS = [
  { value: "MINUTE", label: "Minutes" },
  { value: "HOUR", label: "Hours" },
  { value: "DAY", label: "Days" },
];

/** A rule being edited: numbers stay text until saved, so a half-typed value is not lost. */
export interface PitRow {
  ruleID?: number;
  units: PitRule["units"];
  interval: string;
  retentionDuration: string;
  enabled: boolean;
}

export const toRows = (rules: readonly PitRule[] | undefined): PitRow[] =>
  (rules ?? []).map((r) => ({
    ...(r.ruleID !== undefined && { ruleID: r.ruleID }),
    units: r.units,
    interval: String(r.interval),
    retentionDuration: String(r.retentionDuration),
    enabled: r.enabled,
  }));

/** Text the API's schema refuses (not a whole number) is sent as is, so the 400 names the row. */
const asNumber = (text: string): number => (text.trim() === "" ? Number.NaN : Number(text));
export const toRules = (rows: readonly PitRow[]): PitRule[] =>
  rows.map((r) => ({
    ...(r.ruleID !== undefined && { ruleID: r.ruleID }),
    units: r.units,
    interval: asNumber(r.interval),
    retentionDuration: asNumber(r.retentionDuration),
    enabled: r.enabled,
  }));

/**
 * DRS point-in-time policy: each rule takes a snapshot every `interval` units and keeps it
 * `retentionDuration` units. DRS needs 1-10 rules, at least one enabled.
 */
export function PitPolicyEditor({
  rows,
  onChange,
  errorFor,
  disabled,
}: {
  rows: PitRow[];
  onChange: (rows: PitRow[]) => void;
  errorFor: (index: number, field: keyof PitRow) => string | undefined;
  disabled?: boolean;
}) {
  const set = (i: number, patch: Partial<PitRow>) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <AttributeEditor
      items={rows}
      addButtonText="Add rule"
      removeButtonText="Remove"
      disableAddButton={disabled || rows.length >= 10}
      onAddButtonClick={() =>
        onChange([...rows, { units: "DAY", interval: "1", retentionDuration: "7", enabled: true }])
      }
      onRemoveButtonClick={(e) => onChange(rows.filter((_, j) => j !== e.detail.itemIndex))}
      empty="No rules: add at least one."
      definition={[
        {
          label: "Unit",
          errorText: (_r, i) => errorFor(i, "units"),
          control: (r, i) => (
            <Select
              selectedOption={UNITS.find((u) => u.value === r.units) ?? null}
              options={UNITS}
              onChange={(e) => set(i, { units: e.detail.selectedOption.value as PitRule["units"] })}
              ariaLabel={`Unit of rule ${i + 1}`}
              disabled={disabled}
            />
          ),
        },
        {
          label: "Every",
          errorText: (_r, i) => errorFor(i, "interval"),
          control: (r, i) => (
            <Input
              value={r.interval}
              inputMode="numeric"
              onChange={(e) => set(i, { interval: e.detail.value })}
              ariaLabel={`Interval of rule ${i + 1}`}
              disabled={disabled}
            />
          ),
        },
        {
          label: "Keep for",
          errorText: (_r, i) => errorFor(i, "retentionDuration"),
          control: (r, i) => (
            <Input
              value={r.retentionDuration}
              inputMode="numeric"
              onChange={(e) => set(i, { retentionDuration: e.detail.value })}
              ariaLabel={`Retention of rule ${i + 1}`}
              disabled={disabled}
            />
          ),
        },
        {
          label: "Enabled",
          control: (r, i) => (
            <Toggle
              checked={r.enabled}
              onChange={(e) => set(i, { enabled: e.detail.checked })}
              ariaLabel={`Rule ${i + 1} enabled`}
              disabled={disabled}
            >
              {r.enabled ? "On" : "Off"}
            </Toggle>
          ),
        },
      ]}
    />
  );
}
