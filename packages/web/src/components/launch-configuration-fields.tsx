import ColumnLayout from "@cloudscape-design/components/column-layout";
import type { DrsLaunchConfiguration } from "@drso/core";
import { OptionField } from "./option-field";
import { ToggleField } from "./toggle-field";

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
    <ToggleField
      label={label}
      description={hint}
      errorText={errorFor(field)}
      checked={value[field]}
      onChange={(checked) => onChange({ ...value, [field]: checked })}
      disabled={disabled}
    />
  );
  return (
    <ColumnLayout columns={2}>
      <OptionField
        label="Launch disposition"
        errorText={errorFor("launchDisposition")}
        options={DISPOSITIONS}
        value={value.launchDisposition}
        onChange={(launchDisposition) => onChange({ ...value, launchDisposition })}
        disabled={disabled}
      />
      <OptionField
        label="Instance type right-sizing"
        errorText={errorFor("targetInstanceTypeRightSizingMethod")}
        options={RIGHT_SIZING}
        value={value.targetInstanceTypeRightSizingMethod}
        onChange={(targetInstanceTypeRightSizingMethod) =>
          onChange({ ...value, targetInstanceTypeRightSizingMethod })
        }
        disabled={disabled}
      />
      {toggle(
        "copyPrivateIp",
        "Copy private IP",
        "Give the recovery instance the source server's private IP.",
      )}
      {toggle("copyTags", "Copy tags", "Copy the source server's tags to the recovery instance.")}
      <ToggleField
        label="Bring your own license (BYOL)"
        description="Use the source's OS license instead of an AWS-provided one."
        errorText={errorFor("licensing")}
        checked={value.licensing?.osByol}
        onChange={(osByol) => onChange({ ...value, licensing: { osByol } })}
        disabled={disabled}
      />
      {toggle(
        "postLaunchEnabled",
        "Post-launch actions",
        "Run DRS post-launch actions on the recovery instance.",
      )}
    </ColumnLayout>
  );
}
