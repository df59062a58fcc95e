import FormField from "@cloudscape-design/components/form-field";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { DRS_REGIONS } from "@drso/core";
import { useEffect } from "react";
import { describeError } from "../../api/api-error";
import { listAccounts } from "../../api/resources";
import { useResource } from "../../api/use-resource";
import type { ServerScope } from "./server-settings-api";

/** Account (home and target accounts from `/api/drs/accounts`) and DRS region the list shows. */
export function AccountRegionPicker({
  scope,
  onChange,
}: {
  scope: ServerScope;
  onChange: (next: ServerScope) => void;
}) {
  const accounts = useResource(listAccounts, []);
  const first = accounts.data?.[0];
  // Without an account in the URL the list starts in the first (home) account.
  useEffect(() => {
    if (!scope.accountId && first) onChange({ ...scope, accountId: first.accountId });
  }, [first, scope, onChange]);
  const accountOptions = (accounts.data ?? []).map((a) => ({
    value: a.accountId,
    label: a.accountId,
    description: a.accountName,
  }));
  const selectedAccount = accountOptions.find((o) => o.value === scope.accountId) ?? {
    value: scope.accountId,
    label: scope.accountId || "-",
  };
  return (
    <SpaceBetween direction="horizontal" size="m">
      <FormField label="Account" errorText={accounts.error ? describeError(accounts.error) : undefined}>
        <Select
          selectedOption={selectedAccount}
          options={accountOptions}
          statusType={accounts.loading ? "loading" : "finished"}
          loadingText="Loading accounts"
          onChange={(e) => onChange({ ...scope, accountId: e.detail.selectedOption.value ?? "" })}
          ariaLabel="Account"
        />
      </FormField>
      <FormField label="Region">
        <Select
          selectedOption={{ value: scope.region, label: scope.region }}
          options={DRS_REGIONS.map((r) => ({ value: r, label: r }))}
          onChange={(e) => onChange({ ...scope, region: e.detail.selectedOption.value ?? scope.region })}
          ariaLabel="Region"
          filteringType="auto"
        />
      </FormField>
    </SpaceBetween>
  );
}
