import ColumnLayout from "@cloudscape-design/components/column-layout";
import ExpandableSection from "@cloudscape-design/components/expandable-section";
import FormField from "@cloudscape-design/components/form-field";
import Multiselect from "@cloudscape-design/components/multiselect";
import Select, { type SelectProps } from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import {
  type DrsLaunchConfiguration,
  LAUNCH_DISPOSITIONS,
  type LaunchSettings,
  type LaunchTemplateSettings,
  RIGHT_SIZING_METHODS,
} from "@drso/core";
import { useState } from "react";
import { useResource } from "../../api/use-resource";
import { LoadError } from "../../layout/load-error";
import { loadEc2Choices } from "./ec2-choices";
import { compactLaunchSettings } from "./launch-settings-draft";

const NO_DEFAULT: SelectProps.Option = { value: "", label: "No default (keep each server's setting)" };

const triState = (v: boolean | undefined) => (v === undefined ? "" : v ? "yes" : "no");
const fromTriState = (v: string | undefined) => (v === "yes" ? true : v === "no" ? false : undefined);
const YES_NO: SelectProps.Option[] = [
  NO_DEFAULT,
  { value: "yes", label: "Yes" },
  { value: "no", label: "No" },
];
const pick = (options: readonly SelectProps.Option[], value: string) =>
  options.find((o) => o.value === value) ?? NO_DEFAULT;

/**
 * A protection group's launch-settings defaults: applied by the engine to every server of the
 * group before StartRecovery. Pickers list the EC2 resources of the group's account-region;
 * `errors` holds the API's 400s keyed by field (`launchTemplate.subnetId`, ...).
 */
export function LaunchDefaultsSection({
  accountId,
  region,
  value,
  onChange,
  errors,
}: {
  accountId: string;
  region: string;
  value: LaunchSettings | undefined;
  onChange: (next: LaunchSettings | undefined) => void;
  errors: Record<string, string>;
}) {
  // Open while the group has defaults or errors, until the operator folds it themselves.
  const [expanded, setExpanded] = useState<boolean>();
  const open = (expanded ?? compactLaunchSettings(value) !== undefined) || Object.keys(errors).length > 0;
  const ready = open && /^\d{12}$/.test(accountId);
  const choices = useResource(
    () => (ready ? loadEc2Choices(accountId, region) : Promise.resolve(undefined)),
    [accountId, region, ready],
  );
  const config = value?.launchConfiguration ?? {};
  const template = value?.launchTemplate ?? {};
  const setConfig = (patch: Partial<DrsLaunchConfiguration>) =>
    onChange(compactLaunchSettings({ ...value, launchConfiguration: { ...config, ...patch } }));
  const setTemplate = (patch: Partial<LaunchTemplateSettings>) =>
    onChange(compactLaunchSettings({ ...value, launchTemplate: { ...template, ...patch } }));
  const sgError = Object.entries(errors).find(([k]) => k.startsWith("launchTemplate.securityGroupIds"))?.[1];

  const data = choices.data;
  const subnet = data?.subnets.find((s) => s.subnetId === template.subnetId);
  const options = {
    instanceTypes: [
      NO_DEFAULT,
      ...(data?.instanceTypes ?? []).map((t) => ({
        value: t.instanceType,
        label: t.instanceType,
        ...(t.vCpus !== undefined && {
          description: `${t.vCpus} vCPU${t.memoryMiB !== undefined ? `, ${t.memoryMiB / 1024} GiB` : ""}`,
        }),
      })),
    ],
    subnets: [
      NO_DEFAULT,
      ...(data?.subnets ?? []).map((s) => ({
        value: s.subnetId,
        label: s.name ? `${s.name} (${s.subnetId})` : s.subnetId,
        description: [s.vpcId, s.availabilityZone, s.cidrBlock].filter(Boolean).join(" · "),
      })),
    ],
    // Security groups must be in the subnet's VPC; before a subnet is chosen, all are offered.
    securityGroups: (data?.securityGroups ?? [])
      .filter((g) => !subnet || g.vpcId === subnet.vpcId)
      .map((g) => ({ value: g.groupId, label: `${g.groupName} (${g.groupId})`, description: g.vpcId })),
    profiles: [
      NO_DEFAULT,
      ...(data?.instanceProfiles ?? []).map((p) => ({
        value: p.instanceProfileName,
        label: p.instanceProfileName,
      })),
    ],
    dispositions: [NO_DEFAULT, ...LAUNCH_DISPOSITIONS.map((d) => ({ value: d, label: d }))],
    rightSizing: [NO_DEFAULT, ...RIGHT_SIZING_METHODS.map((m) => ({ value: m, label: m }))],
  };
  // A saved value the region no longer offers still shows, so the operator sees what is stored.
  const withCurrent = (list: SelectProps.Option[], v: string | undefined) =>
    v && !list.some((o) => o.value === v) ? [...list, { value: v, label: v }] : list;
  const selected = (list: SelectProps.Option[], v: string | undefined) => pick(withCurrent(list, v), v ?? "");
  const status = choices.loading ? "loading" : choices.error ? "error" : "finished";

  return (
    <ExpandableSection
      variant="container"
      headerText="Launch settings defaults"
      headerDescription="Optional. Applied to every server of this group before it is launched; unset fields keep each server's own setting."
      expanded={open}
      onChange={(e) => setExpanded(e.detail.expanded)}
    >
      <SpaceBetween size="m">
        {choices.error ? (
          <LoadError
            what="EC2 resources of this account and region"
            error={choices.error}
            onRetry={choices.reload}
          />
        ) : null}
        <ColumnLayout columns={2}>
          <FormField label="Instance type" errorText={errors["launchTemplate.instanceType"]}>
            <Select
              ariaLabel="Instance type"
              filteringType="auto"
              statusType={status}
              selectedOption={selected(options.instanceTypes, template.instanceType)}
              options={withCurrent(options.instanceTypes, template.instanceType)}
              onChange={(e) => setTemplate({ instanceType: e.detail.selectedOption.value || undefined })}
            />
          </FormField>
          <FormField label="Subnet" errorText={errors["launchTemplate.subnetId"]}>
            <Select
              ariaLabel="Subnet"
              filteringType="auto"
              statusType={status}
              selectedOption={selected(options.subnets, template.subnetId)}
              options={withCurrent(options.subnets, template.subnetId)}
              onChange={(e) => setTemplate({ subnetId: e.detail.selectedOption.value || undefined })}
            />
          </FormField>
          <FormField
            label="Security groups"
            description={subnet ? `In ${subnet.vpcId}, the subnet's VPC. At most 5.` : "At most 5."}
            errorText={sgError}
          >
            <Multiselect
              ariaLabel="Security groups"
              filteringType="auto"
              statusType={status}
              placeholder="No default"
              selectedOptions={(template.securityGroupIds ?? []).map(
                (id) => options.securityGroups.find((o) => o.value === id) ?? { value: id, label: id },
              )}
              options={options.securityGroups}
              onChange={(e) =>
                setTemplate({
                  securityGroupIds: e.detail.selectedOptions.map((o) => o.value ?? "").filter(Boolean),
                })
              }
            />
          </FormField>
          <FormField label="IAM instance profile" errorText={errors["launchTemplate.iamInstanceProfileName"]}>
            <Select
              ariaLabel="IAM instance profile"
              statusType={status}
              selectedOption={selected(options.profiles, template.iamInstanceProfileName)}
              options={withCurrent(options.profiles, template.iamInstanceProfileName)}
              onChange={(e) =>
                setTemplate({ iamInstanceProfileName: e.detail.selectedOption.value || undefined })
              }
            />
          </FormField>
          <FormField label="Launch disposition" errorText={errors["launchConfiguration.launchDisposition"]}>
            <Select
              ariaLabel="Launch disposition"
              selectedOption={pick(options.dispositions, config.launchDisposition ?? "")}
              options={options.dispositions}
              onChange={(e) =>
                setConfig({
                  launchDisposition: (e.detail.selectedOption.value || undefined) as
                    | DrsLaunchConfiguration["launchDisposition"]
                    | undefined,
                })
              }
            />
          </FormField>
          <FormField
            label="Instance type right-sizing"
            errorText={errors["launchConfiguration.targetInstanceTypeRightSizingMethod"]}
          >
            <Select
              ariaLabel="Instance type right-sizing"
              selectedOption={pick(options.rightSizing, config.targetInstanceTypeRightSizingMethod ?? "")}
              options={options.rightSizing}
              onChange={(e) =>
                setConfig({
                  targetInstanceTypeRightSizingMethod: (e.detail.selectedOption.value || undefined) as
                    | DrsLaunchConfiguration["targetInstanceTypeRightSizingMethod"]
                    | undefined,
                })
              }
            />
          </FormField>
          <FormField label="Copy private IP" errorText={errors["launchConfiguration.copyPrivateIp"]}>
            <Select
              ariaLabel="Copy private IP"
              selectedOption={pick(YES_NO, triState(config.copyPrivateIp))}
              options={YES_NO}
              onChange={(e) => setConfig({ copyPrivateIp: fromTriState(e.detail.selectedOption.value) })}
            />
          </FormField>
          <FormField label="Copy tags" errorText={errors["launchConfiguration.copyTags"]}>
            <Select
              ariaLabel="Copy tags"
              selectedOption={pick(YES_NO, triState(config.copyTags))}
              options={YES_NO}
              onChange={(e) => setConfig({ copyTags: fromTriState(e.detail.selectedOption.value) })}
            />
          </FormField>
          <FormField
            label="Bring your own OS license (BYOL)"
            errorText={errors["launchConfiguration.licensing"]}
          >
            <Select
              ariaLabel="Bring your own OS license"
              selectedOption={pick(YES_NO, triState(config.licensing?.osByol))}
              options={YES_NO}
              onChange={(e) => {
                const osByol = fromTriState(e.detail.selectedOption.value);
                setConfig({ licensing: osByol === undefined ? undefined : { osByol } });
              }}
            />
          </FormField>
          <FormField label="Post-launch actions" errorText={errors["launchConfiguration.postLaunchEnabled"]}>
            <Select
              ariaLabel="Post-launch actions"
              selectedOption={pick(YES_NO, triState(config.postLaunchEnabled))}
              options={YES_NO}
              onChange={(e) => setConfig({ postLaunchEnabled: fromTriState(e.detail.selectedOption.value) })}
            />
          </FormField>
        </ColumnLayout>
      </SpaceBetween>
    </ExpandableSection>
  );
}
