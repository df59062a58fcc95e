import type { SelectProps } from "@cloudscape-design/components/select";
import type { Subnet } from "../pages/source-servers/server-settings-api";

/** A subnet as a select option: its name and id, with VPC, zone and CIDR to tell subnets apart. */
export const subnetOption = (s: Subnet): SelectProps.Option => ({
  value: s.subnetId,
  label: s.name ? `${s.name} (${s.subnetId})` : s.subnetId,
  description: [s.vpcId, s.availabilityZone, s.cidrBlock].filter(Boolean).join(" · "),
});
