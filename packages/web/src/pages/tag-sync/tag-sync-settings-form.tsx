import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import Form from "@cloudscape-design/components/form";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Toggle from "@cloudscape-design/components/toggle";
import type { TagSyncSettings } from "@drso/core";
import { useEffect, useState } from "react";
import { ApiError, describeError } from "../../api/api-error";
import { useFlash } from "../../layout/flash-context";
import { parseTagKeys, putTagSyncSettings } from "./tag-sync-api";

/**
 * The scheduled sync: on/off, how often, which keys. Read-only for roles without
 * drs:ManageAccounts (the PUT would answer 403).
 */
export function TagSyncSettingsForm({
  settings,
  canEdit,
  onSaved,
}: {
  settings: TagSyncSettings;
  canEdit: boolean;
  onSaved: (saved: TagSyncSettings) => void;
}) {
  const { notify } = useFlash();
  const [enabled, setEnabled] = useState(settings.enabled);
  const [intervalText, setIntervalText] = useState(String(settings.intervalMinutes));
  const [keys, setKeys] = useState((settings.tagKeys ?? []).join(", "));
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [saving, setSaving] = useState(false);

  // Keyed on the values, not the object: a reload that returns the same settings must not wipe
  // what the operator is typing.
  const stored = JSON.stringify(settings);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `stored` stands for `settings`
  useEffect(() => {
    setEnabled(settings.enabled);
    setIntervalText(String(settings.intervalMinutes));
    setKeys((settings.tagKeys ?? []).join(", "));
  }, [stored]);

  const save = async () => {
    setSaving(true);
    setFieldErrors({});
    setFormError(undefined);
    const tagKeys = parseTagKeys(keys);
    try {
      const saved = await putTagSyncSettings({
        enabled,
        intervalMinutes: Number(intervalText),
        ...(tagKeys.length > 0 ? { tagKeys } : {}),
      });
      notify("success", "Saved the tag sync settings.");
      onSaved(saved);
    } catch (e) {
      setFormError(describeError(e));
      if (e instanceof ApiError) setFieldErrors(e.fieldErrors());
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (canEdit) void save();
      }}
    >
      <Form
        errorText={formError}
        errorIconAriaLabel="Error"
        actions={
          canEdit ? (
            <Button variant="primary" formAction="submit" loading={saving}>
              Save settings
            </Button>
          ) : undefined
        }
      >
        <Container
          header={
            <Header
              variant="h2"
              description={
                canEdit
                  ? "Copy EC2 source-instance tags onto DRS source servers on a schedule, in every reachable account and region."
                  : "Your role can view these settings but not change them."
              }
            >
              Scheduled sync
            </Header>
          }
        >
          <SpaceBetween size="m">
            <FormField label="Scheduled sync" errorText={fieldErrors.enabled}>
              <Toggle checked={enabled} disabled={!canEdit} onChange={(e) => setEnabled(e.detail.checked)}>
                {enabled ? "Enabled" : "Disabled"}
              </Toggle>
            </FormField>
            <FormField
              label="Interval (minutes)"
              description="Between 5 minutes and 7 days (10080)."
              errorText={fieldErrors.intervalMinutes}
            >
              <Input
                type="number"
                inputMode="numeric"
                value={intervalText}
                readOnly={!canEdit}
                ariaLabel="Interval (minutes)"
                onChange={(e) => setIntervalText(e.detail.value)}
              />
            </FormField>
            <FormField
              label="Tag keys to include - optional"
              description="Comma-separated, e.g. Application, Tier. Empty: every tag of the source instance."
              errorText={
                fieldErrors.tagKeys ??
                Object.entries(fieldErrors).find(([k]) => k.startsWith("tagKeys."))?.[1]
              }
            >
              <Input
                value={keys}
                readOnly={!canEdit}
                ariaLabel="Tag keys to include"
                placeholder="All tags"
                onChange={(e) => setKeys(e.detail.value)}
              />
            </FormField>
          </SpaceBetween>
        </Container>
      </Form>
    </form>
  );
}
