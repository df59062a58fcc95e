import Autosuggest from "@cloudscape-design/components/autosuggest";
import ColumnLayout from "@cloudscape-design/components/column-layout";
import FormField from "@cloudscape-design/components/form-field";
import Input from "@cloudscape-design/components/input";
import Multiselect from "@cloudscape-design/components/multiselect";
import Select from "@cloudscape-design/components/select";
import type { LaunchTemplateSettings } from "@drso/core";
import { describeError } from "../api/api-error";
import { useResource } from "../api/use-resource";
import {
  listInstanceProfiles,
  listInstanceTypes,
  listSecurityGroups,
  listSubnets,
  type ServerScope,
} from "../pages/source-servers/server-settings-api";
import { subnetOption } from "./subnet-option";

const NONE = "";

/**
 * The EC2 launch template fields DRS launches a recovery instance with. Pickers list what exists
 * in the account-region (`/api/ec2/*`); security groups are limited to the chosen subnet's VPC, as
 * EC2 refuses a network interface whose groups are in another VPC. The instance type also takes a
 * typed value: the API checks it against the region's offer and names the field if it is not.
 */
export function LaunchTemplateEditor({
  scope,
  value,
  onChange,
  errorFor,
  disabled,
}: {
  scope: ServerScope;
  value: LaunchTemplateSettings;
  onChange: (next: LaunchTemplateSettings) => void;
  /** The message for a field path below `launchTemplate` (e.g. `subnetId`), if the API refused it. */
  errorFor: (field: keyof LaunchTemplateSettings) => string | undefined;
  disabled?: boolean;
}) {
  const deps = [scope.accountId, scope.region];
  const subnets = useResource(() => listSubnets(scope), deps);
  const groups = useResource(() => listSecurityGroups(scope), deps);
  const types = useResource(() => listInstanceTypes(scope), deps);
  const profiles = useResource(() => listInstanceProfiles(scope), deps);

  const subnet = subnets.data?.find((s) => s.subnetId === value.subnetId);
  const vpcGroups = (groups.data ?? []).filter((g) => !subnet || g.vpcId === subnet.vpcId);
  const loadError = (r: { error?: unknown }) => (r.error ? describeError(r.error) : undefined);
  const status = (r: { loading: boolean; error?: unknown }) =>
    r.loading ? ("loading" as const) : r.error ? ("error" as const) : ("finished" as const);

  const subnetOptions = (subnets.data ?? []).map(subnetOption);
  const groupOptions = vpcGroups.map((g) => ({
    value: g.groupId,
    label: `${g.groupName} (${g.groupId})`,
    description: g.description,
  }));
  // The API changes only the fields a save names and has no "remove the profile": once one is
  // chosen, "none" is not offered, so the form never shows a choice that would not be saved.
  const profileOptions = [
    ...(value.iamInstanceProfileName === undefined ? [{ value: NONE, label: "No instance profile" }] : []),
    ...(profiles.data ?? []).map((p) => ({ value: p.instanceProfileName, label: p.instanceProfileName })),
  ];
  const typeOptions = (types.data ?? []).map((t) => ({
    value: t.instanceType,
    description: [
      t.vCpus !== undefined ? `${t.vCpus} vCPU` : "",
      t.memoryMiB !== undefined ? `${t.memoryMiB / 1024} GiB` : "",
    ]
      .filter(Boolean)
      .join(", "),
  }));

  const chooseSubnet = (subnetId: string) => {
    const vpc = subnets.data?.find((s) => s.subnetId === subnetId)?.vpcId;
    // Groups of the previous VPC would make the template invalid: keep only those of the new one.
    const kept = (value.securityGroupIds ?? []).filter(
      (id) => groups.data?.find((g) => g.groupId === id)?.vpcId === vpc,
    );
    onChange({ ...value, subnetId, securityGroupIds: kept });
  };

  return (
    <ColumnLayout columns={2}>
      <FormField
        label="Subnet"
        description="Where the recovery instance's network interface is created."
        errorText={errorFor("subnetId") ?? loadError(subnets)}
      >
        <Select
          selectedOption={
            subnetOptions.find((o) => o.value === value.subnetId) ??
            (value.subnetId ? { value: value.subnetId, label: value.subnetId } : null)
          }
          options={subnetOptions}
          placeholder="Choose a subnet"
          statusType={status(subnets)}
          loadingText="Loading subnets"
          errorText="Could not load subnets"
          empty="No subnets in this region"
          onChange={(e) => chooseSubnet(e.detail.selectedOption.value ?? "")}
          ariaLabel="Subnet"
          filteringType="auto"
          disabled={disabled}
        />
      </FormField>
      <FormField
        label="Security groups"
        description={subnet ? `Security groups of ${subnet.vpcId}, up to 5.` : "Up to 5."}
        errorText={errorFor("securityGroupIds") ?? loadError(groups)}
      >
        <Multiselect
          selectedOptions={(value.securityGroupIds ?? []).map(
            (id) => groupOptions.find((o) => o.value === id) ?? { value: id, label: id },
          )}
          options={groupOptions}
          placeholder="Choose security groups"
          statusType={status(groups)}
          loadingText="Loading security groups"
          errorText="Could not load security groups"
          empty="No security groups in this VPC"
          onChange={(e) =>
            onChange({
              ...value,
              securityGroupIds: e.detail.selectedOptions.flatMap((o) => (o.value ? [o.value] : [])),
            })
          }
          ariaLabel="Security groups"
          deselectAriaLabel={(o) => `Remove ${o.label}`}
          filteringType="auto"
          disabled={disabled}
        />
      </FormField>
      <FormField
        label="Instance type"
        description="Offered in this region; right-sizing may override it."
        errorText={errorFor("instanceType") ?? loadError(types)}
      >
        <Autosuggest
          value={value.instanceType ?? ""}
          options={typeOptions}
          onChange={(e) => onChange({ ...value, instanceType: e.detail.value || undefined })}
          statusType={status(types)}
          loadingText="Loading instance types"
          placeholder="e.g. m5.large"
          enteredTextLabel={(v) => `Use ${v}`}
          empty="No instance types"
          ariaLabel="Instance type"
          clearAriaLabel="Clear instance type"
          disabled={disabled}
        />
      </FormField>
      <FormField
        label="IAM instance profile"
        errorText={errorFor("iamInstanceProfileName") ?? loadError(profiles)}
      >
        <Select
          selectedOption={
            profileOptions.find((o) => o.value === (value.iamInstanceProfileName ?? NONE)) ?? {
              value: value.iamInstanceProfileName ?? NONE,
              label: value.iamInstanceProfileName ?? "No instance profile",
            }
          }
          options={profileOptions}
          statusType={status(profiles)}
          loadingText="Loading instance profiles"
          errorText="Could not load instance profiles"
          onChange={(e) =>
            onChange({ ...value, iamInstanceProfileName: e.detail.selectedOption.value || undefined })
          }
          ariaLabel="IAM instance profile"
          disabled={disabled}
        />
      </FormField>
      <FormField
        label="Private IP address - optional"
        description="A fixed IPv4 address in the subnet; empty lets EC2 choose."
        errorText={errorFor("privateIpAddress")}
      >
        <Input
          value={value.privateIpAddress ?? ""}
          onChange={(e) => onChange({ ...value, privateIpAddress: e.detail.value || undefined })}
          ariaLabel="Private IP address"
          placeholder="10.0.0.10"
          disabled={disabled}
        />
      </FormField>
    </ColumnLayout>
  );
}
