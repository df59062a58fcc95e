import ColumnLayout from "@cloudscape-design/components/column-layout";
import FormField from "@cloudscape-design/components/form-field";
import Select from "@cloudscape-design/components/select";
import Toggle from "@cloudscape-design/components/toggle";
import type { DrsLaunchConfiguration } from "@drso/core";

const DISPOSITIONS = [
  { value: "STARTED", label: "Started", description: "The recovery instance runs after launch." },
  { value: "STOPPED", label: "Stopped", description: "The recovery instance is launched stopped." },
];
const RIGHT_SIZING = [
  { value: "NONE", label: "None", description: "Use the launch template's instance type." },
  { value: "BASIC", label: "Basic", description: "DRS picks a type from the source's CPU and RAM." },
  { value: "IN_AWS", label: "In AWS", description: "DRS sizes from the source instance in AWS." },
];

type Field = keyof DrsLaunchConfiguration;

/** DRS's own launch configuration of a server (not the EC2 template): how DRS launches it. */
export function LaunchConfigurationFields({
  value,
  onChange,
  errorFor,
  disabled,
}: {
  value: DrsLaunchConfiguration;
  onChange: (next: DrsLaunchConfiguration) => void;
  errorFor: (field: Field) => string | undefined;
  disabled?: boolean;
}) {
  const toggle = (field: "copyPrivateIp" | "copyTags" | "postLaunchEnabled", label: string, hint: string) => (
    <FormField label={label} description={hint} errorText={errorFor(field)}>
      <Toggle
        checked={value[field] ?? false}
        onChange={(e) => onChange({ ...value, [field]: e.detail.checked })}
        disabled={disabled}
      >
        {value[field] ? "On" : "Off"}
      </Toggle>
    </FormField>
  );
  return (
    <ColumnLayout columns={2}>
      <FormField label="Launch disposition" errorText={errorFor("launchDisposition")}>
        <Select
          selectedOption={DISPOSITIONS.find((o) => o.value === value.launchDisposition) ?? null}
          options={DISPOSITIONS}
          onChange={(e) =>
            onChange({
              ...value,
              launchDisposition: e.detail.selectedOption.value as DrsLaunchConfiguration["launchDisposition"],
            })
          }
          ariaLabel="Launch disposition"
          disabled={disabled}
        />
      </FormField>
      <FormField
        label="Instance type right-sizing"
        errorText={errorFor("targetInstanceTypeRightSizingMethod")}
      >
        <Select
          selectedOption={
            RIGHT_SIZING.find((o) => o.value === value.targetInstanceTypeRightSizingMethod) ?? null
          }
          options={RIGHT_SIZING}
          onChange={(e) =>
            onChange({
              ...value,
              targetInstanceTypeRightSizingMethod: e.detail.selectedOption
                .value as DrsLaunchConfiguration["targetInstanceTypeRightSizingMethod"],
            })
          }
          ariaLabel="Instance type right-sizing"
          disabled={disabled}
        />
      </FormField>
      {toggle(
        "copyPrivateIp",
        "Copy private IP",
        "Give the recovery instance the source server's private IP.",
      )}
      {toggle("copyTags", "Copy tags", "Copy the source server's tags to the recovery instance.")}
      <FormField
        label="Bring your own license (BYOL)"
        description="Use the source's OS license instead of an AWS-provided one."
        errorText={errorFor("licensing")}
      >
        <Toggle
          checked={value.licensing?.osByol ?? false}
          onChange={(e) => onChange({ ...value, licensing: { osByol: e.detail.checked } })}
          disabled={disabled}
        >
          {value.licensing?.osByol ? "On" : "Off"}
        </Toggle>
      </FormField>
      {toggle(
        "postLaunchEnabled",
        "Post-launch actions",
        "Run DRS post-launch actions on the recovery instance.",
      )}
    </ColumnLayout>
  );
}
