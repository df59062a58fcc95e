import FormField from "@cloudscape-design/components/form-field";
import Select, { type SelectProps } from "@cloudscape-design/components/select";

/**
 * A labelled choice among fixed options (an enum of the API); the label is also the select's
 * accessible name. A value outside the options shows as nothing chosen.
 */
export function OptionField<V extends string>({
  label,
  errorText,
  options,
  value,
  onChange,
  disabled,
}: {
  label: string;
  errorText: string | undefined;
  options: readonly SelectProps.Option[];
  value: V | undefined;
  /** The chosen option's value, typed as the field's enum: the options hold nothing else. */
  onChange: (value: V) => void;
  disabled?: boolean;
}) {
  return (
    <FormField label={label} errorText={errorText}>
      <Select
        selectedOption={options.find((o) => o.value === value) ?? null}
        options={options}
        onChange={(e) => onChange(e.detail.selectedOption.value as V)}
        ariaLabel={label}
        disabled={disabled}
      />
    </FormField>
  );
}
