import FormField from "@cloudscape-design/components/form-field";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { DRS_REGIONS } from "@drso/core";
import { useEffect } from "react";
import { describeError } from "../../api/api-error";
import { type DrsAccount, listAccounts } from "../../api/resources";
import { useResource } from "../../api/use-resource";
import type { ServerScope } from "./server-settings-api";

/** `/api/drs/accounts` also says which account is the home one. */
type ListedAccount = DrsAccount & { isHome?: boolean };

/** The home account works in every DRS region; a target account in those it is configured for. */
const regionsOf = (account: ListedAccount | undefined): readonly string[] =>
  !account || account.isHome || !account.regions?.length ? DRS_REGIONS : account.regions;

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
  const account = accounts.data?.find((a) => a.accountId === scope.accountId);
  const regions = regionsOf(account);
  const chooseAccount = (accountId: string) => {
    const next = regionsOf(accounts.data?.find((a) => a.accountId === accountId));
    // A target account answers only in the regions it is configured for.
    onChange({ accountId, region: next.includes(scope.region) ? scope.region : (next[0] ?? scope.region) });
  };
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
          onChange={(e) => chooseAccount(e.detail.selectedOption.value ?? "")}
          ariaLabel="Account"
        />
      </FormField>
      <FormField label="Region">
        <Select
          selectedOption={{ value: scope.region, label: scope.region }}
          options={regions.map((r) => ({ value: r, label: r }))}
          onChange={(e) => onChange({ ...scope, region: e.detail.selectedOption.value ?? scope.region })}
          ariaLabel="Region"
          filteringType="auto"
        />
      </FormField>
    </SpaceBetween>
  );
}
