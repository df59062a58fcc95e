import Alert from "@cloudscape-design/components/alert";
import FormField from "@cloudscape-design/components/form-field";
import Input from "@cloudscape-design/components/input";
import Multiselect from "@cloudscape-design/components/multiselect";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { DRS_REGIONS, type TargetAccount } from "@drso/core";
import { useState } from "react";
import { ApiError, describeError } from "../../api/api-error";
import { createTargetAccount, patchTargetAccount } from "../../api/resources";
import { ConfirmModal } from "../../components/confirm-modal";

/** The role the cross-account stack creates in each target account (README, *Add a target account*). */
const DEFAULT_ROLE_NAME = "DRSOrchestrationCrossAccountRole";

const regionOptions = DRS_REGIONS.map((r) => ({ value: r, label: r }));

/**
 * Register a target account, or edit one (`existing`): an edit sends only the fields that changed
 * (`PATCH` with the version read), so it never overwrites what it did not touch.
 */
export function AccountFormModal({
  existing,
  onClose,
  onSaved,
}: {
  existing?: TargetAccount;
  onClose: () => void;
  onSaved: (account: TargetAccount) => void;
}) {
  const [accountId, setAccountId] = useState(existing?.accountId ?? "");
  const [accountName, setAccountName] = useState(existing?.accountName ?? "");
  const [roleArn, setRoleArn] = useState(existing?.roleArn ?? "");
  const [externalId, setExternalId] = useState(existing?.externalId ?? "");
  const [regions, setRegions] = useState<string[]>(existing?.regions ?? ["us-east-1"]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const defaultRoleArn = /^\d{12}$/.test(accountId)
    ? `arn:aws:iam::${accountId}:role/${DEFAULT_ROLE_NAME}`
    : "";

  const save = async () => {
    setBusy(true);
    setError(undefined);
    setFieldErrors({});
    const fields = {
      accountName,
      roleArn: roleArn || defaultRoleArn,
      ...(externalId ? { externalId } : {}),
      regions,
    };
    try {
      const saved = existing
        ? await patchTargetAccount(existing.accountId, {
            ...(fields.accountName !== existing.accountName ? { accountName: fields.accountName } : {}),
            ...(fields.roleArn !== existing.roleArn ? { roleArn: fields.roleArn } : {}),
            ...(externalId && externalId !== existing.externalId ? { externalId } : {}),
            ...(regions.join() !== existing.regions.join() ? { regions } : {}),
            version: existing.version,
          })
        : await createTargetAccount({ accountId, ...fields });
      onSaved(saved);
    } catch (e) {
      setError(describeError(e));
      if (e instanceof ApiError) setFieldErrors(e.fieldErrors());
    } finally {
      setBusy(false);
    }
  };
  // Any change makes a refusal shown for the previous input stale.
  const edit =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setError(undefined);
    };

  return (
    <ConfirmModal
      header={existing ? `Edit account ${existing.accountId}` : "Register target account"}
      confirmText={existing ? "Save changes" : "Register"}
      busy={busy}
      onConfirm={() => void save()}
      onCancel={onClose}
    >
      <SpaceBetween size="m">
        {!existing && (
          <FormField label="Account ID" errorText={fieldErrors.accountId}>
            <Input
              value={accountId}
              onChange={(e) => edit(setAccountId)(e.detail.value.trim())}
              ariaLabel="Account ID"
              placeholder="12-digit account id"
              inputMode="numeric"
            />
          </FormField>
        )}
        <FormField label="Name" errorText={fieldErrors.accountName}>
          <Input
            value={accountName}
            onChange={(e) => edit(setAccountName)(e.detail.value)}
            ariaLabel="Name"
          />
        </FormField>
        <FormField
          label="Cross-account role ARN"
          description={
            existing ? undefined : `Empty: the ${DEFAULT_ROLE_NAME} role the cross-account stack creates.`
          }
          errorText={fieldErrors.roleArn}
        >
          <Input
            value={roleArn}
            placeholder={defaultRoleArn || "arn:aws:iam::<account>:role/<name>"}
            onChange={(e) => edit(setRoleArn)(e.detail.value.trim())}
            ariaLabel="Cross-account role ARN"
          />
        </FormField>
        <FormField
          label="ExternalId - optional"
          description="The ExternalId the role's trust policy requires."
          errorText={fieldErrors.externalId}
        >
          <Input
            value={externalId}
            onChange={(e) => edit(setExternalId)(e.detail.value)}
            ariaLabel="ExternalId"
          />
        </FormField>
        <FormField label="Regions" errorText={fieldErrors.regions}>
          <Multiselect
            selectedOptions={regions.map((r) => ({ value: r, label: r }))}
            options={regionOptions}
            onChange={(e) =>
              edit(setRegions)(e.detail.selectedOptions.flatMap((o) => (o.value ? [o.value] : [])))
            }
            ariaLabel="Regions"
            filteringType="auto"
            placeholder="Choose regions"
            tokenLimit={4}
          />
        </FormField>
        {error && (
          <Alert type="error" header={existing ? "Not saved" : "Not registered"}>
            {error}
          </Alert>
        )}
      </SpaceBetween>
    </ConfirmModal>
  );
}
