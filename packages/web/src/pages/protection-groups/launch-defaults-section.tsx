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
import { subnetOption } from "../../components/subnet-option";
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
    subnets: [NO_DEFAULT, ...(data?.subnets ?? []).map(subnetOption)],
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
  /**
   * One default: "No default" unsets it. A `picker` lists the account-region's EC2 resources
   * (with load status, keeping a stored value the region no longer offers); long lists `filter`.
   */
  const choice = (
    label: string,
    errorKey: string,
    list: SelectProps.Option[],
    value: string | undefined,
    set: (value: string | undefined) => void,
    {
      ariaLabel = label,
      picker = false,
      filter = false,
    }: { ariaLabel?: string; picker?: boolean; filter?: boolean } = {},
  ) => (
    <FormField label={label} errorText={errors[errorKey]}>
      <Select
        ariaLabel={ariaLabel}
        {...(filter && { filteringType: "auto" })}
        {...(picker && { statusType: status })}
        selectedOption={picker ? selected(list, value) : pick(list, value ?? "")}
        options={picker ? withCurrent(list, value) : list}
        onChange={(e) => set(e.detail.selectedOption.value || undefined)}
      />
    </FormField>
  );

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
          {choice(
            "Instance type",
            "launchTemplate.instanceType",
            options.instanceTypes,
            template.instanceType,
            (instanceType) => setTemplate({ instanceType }),
            { picker: true, filter: true },
          )}
          {choice(
            "Subnet",
            "launchTemplate.subnetId",
            options.subnets,
            template.subnetId,
            (subnetId) => setTemplate({ subnetId }),
            { picker: true, filter: true },
          )}
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
          {choice(
            "IAM instance profile",
            "launchTemplate.iamInstanceProfileName",
            options.profiles,
            template.iamInstanceProfileName,
            (iamInstanceProfileName) => setTemplate({ iamInstanceProfileName }),
            { picker: true },
          )}
          {choice(
            "Launch disposition",
            "launchConfiguration.launchDisposition",
            options.dispositions,
            config.launchDisposition,
            (v) => setConfig({ launchDisposition: v as DrsLaunchConfiguration["launchDisposition"] }),
          )}
          {choice(
            "Instance type right-sizing",
            "launchConfiguration.targetInstanceTypeRightSizingMethod",
            options.rightSizing,
            config.targetInstanceTypeRightSizingMethod,
            (v) =>
              setConfig({
                targetInstanceTypeRightSizingMethod:
                  v as DrsLaunchConfiguration["targetInstanceTypeRightSizingMethod"],
              }),
          )}
          {choice(
            "Copy private IP",
            "launchConfiguration.copyPrivateIp",
            YES_NO,
            triState(config.copyPrivateIp),
            (v) => setConfig({ copyPrivateIp: fromTriState(v) }),
          )}
          {choice("Copy tags", "launchConfiguration.copyTags", YES_NO, triState(config.copyTags), (v) =>
            setConfig({ copyTags: fromTriState(v) }),
          )}
          {choice(
            "Bring your own OS license (BYOL)",
            "launchConfiguration.licensing",
            YES_NO,
            triState(config.licensing?.osByol),
            (v) => {
              const osByol = fromTriState(v);
              setConfig({ licensing: osByol === undefined ? undefined : { osByol } });
            },
            { ariaLabel: "Bring your own OS license" },
          )}
          {choice(
            "Post-launch actions",
            "launchConfiguration.postLaunchEnabled",
            YES_NO,
            triState(config.postLaunchEnabled),
            (v) => setConfig({ postLaunchEnabled: fromTriState(v) }),
          )}
        </ColumnLayout>
      </SpaceBetween>
    </ExpandableSection>
  );
}
