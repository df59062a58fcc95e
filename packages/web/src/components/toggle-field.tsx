import FormField from "@cloudscape-design/components/form-field";
import Toggle from "@cloudscape-design/components/toggle";

/** A labelled on/off setting; unset reads as off. */
export function ToggleField({
  label,
  description,
  errorText,
  checked,
  onChange,
  disabled,
}: {
  label: string;
  description: string;
  errorText: string | undefined;
  checked: boolean | undefined;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
}) {
  return (
    <FormField label={label} description={description} errorText={errorText}>
      <Toggle checked={checked ?? false} onChange={(e) => onChange(e.detail.checked)} disabled={disabled}>
        {checked ? "On" : "Off"}
      </Toggle>
    </FormField>
  );
}
