import Alert from "@cloudscape-design/components/alert";
import Button from "@cloudscape-design/components/button";
import ColumnLayout from "@cloudscape-design/components/column-layout";
import Container from "@cloudscape-design/components/container";
import ContentLayout from "@cloudscape-design/components/content-layout";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Spinner from "@cloudscape-design/components/spinner";
import { DRS_REGIONS } from "@drso/core";
import { useEffect, useState } from "react";
import { describeError } from "../../api/api-error";
import { listAccounts } from "../../api/resources";
import { useResource } from "../../api/use-resource";
import { useSession } from "../../auth/session-context";
import { ConfirmModal } from "../../components/confirm-modal";
import { AppShell, crumbs } from "../../layout/app-shell";
import { useFlash } from "../../layout/flash-context";
import { LoadError } from "../../layout/load-error";
import { TagDiffTable } from "./tag-diff-table";
import {
  applyTagSync,
  getTagSyncSettings,
  parseTagKeys,
  previewTagSync,
  type TagSyncOutcome,
} from "./tag-sync-api";
import { TagSyncSettingsForm } from "./tag-sync-settings-form";

/**
 * Tag sync: keep DRS source-server tags equal to the EC2 tags of their source instances, so
 * tag-based protection groups select what operators tagged in EC2. Preview is open to every role;
 * "Sync now" needs drs:UpdateProtectionGroup and applies only after a preview and a confirmation.
 */
export function TagSyncPage() {
  const { can } = useSession();
  const { notify, fail } = useFlash();
  const settings = useResource(getTagSyncSettings, []);
  const accounts = useResource(listAccounts, []);
  const [accountId, setAccountId] = useState("");
  const [region, setRegion] = useState("us-east-1");
  const [keys, setKeys] = useState("");
  const [preview, setPreview] = useState<TagSyncOutcome>();
  const [previewError, setPreviewError] = useState<unknown>();
  const [previewing, setPreviewing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [applying, setApplying] = useState(false);
  const canApply = can("drs:UpdateProtectionGroup");

  useEffect(() => {
    const first = accounts.data?.[0];
    if (!accountId && first) setAccountId(first.accountId);
  }, [accounts.data, accountId]);
  useEffect(() => {
    if (settings.data?.tagKeys) setKeys(settings.data.tagKeys.join(", "));
  }, [settings.data]);

  const account = accounts.data?.find((a) => a.accountId === accountId);
  const regions = account?.regions?.length ? account.regions : [...DRS_REGIONS];
  const changes = (preview?.items ?? []).reduce((n, i) => n + i.changes.length, 0);

  const runPreview = async () => {
    setPreviewing(true);
    setPreviewError(undefined);
    try {
      setPreview(await previewTagSync(accountId, region, parseTagKeys(keys)));
    } catch (e) {
      setPreview(undefined);
      setPreviewError(e);
    } finally {
      setPreviewing(false);
    }
  };

  const apply = async () => {
    setApplying(true);
    try {
      const result = await applyTagSync(accountId, region, parseTagKeys(keys));
      if (result.failures.length > 0) {
        fail(
          `Tag sync updated ${result.applied} server(s); ${result.failures.length} failed`,
          new Error(result.failures.map((f) => `${f.serverId}: ${f.message}`).join("; ")),
        );
      } else {
        notify(
          "success",
          `Tag sync updated the DRS tags of ${result.applied} server(s) in ${accountId}/${region}.`,
        );
      }
      setConfirming(false);
      await runPreview();
    } catch (e) {
      setConfirming(false);
      fail("Tag sync failed", e);
    } finally {
      setApplying(false);
    }
  };

  // A preview belongs to the scope it was taken for; changing the scope hides the stale diff.
  const changeScope = (next: () => void) => {
    next();
    setPreview(undefined);
    setPreviewError(undefined);
  };

  return (
    <AppShell breadcrumbs={crumbs(["Tag sync", "/tag-sync"])}>
      <ContentLayout
        header={
          <Header
            variant="h1"
            description="Copy the EC2 tags of each source server's source instance onto the DRS source server."
          >
            Tag sync
          </Header>
        }
      >
        <SpaceBetween size="l">
          <Container
            header={
              <Header
                variant="h2"
                description="Preview what a sync would change in one account and region, then apply it."
                actions={
                  <SpaceBetween direction="horizontal" size="xs">
                    <Button
                      onClick={() => void runPreview()}
                      loading={previewing}
                      disabled={!/^\d{12}$/.test(accountId)}
                    >
                      Preview
                    </Button>
                    {canApply && (
                      <Button
                        variant="primary"
                        disabled={!preview || changes === 0}
                        onClick={() => setConfirming(true)}
                      >
                        Sync now
                      </Button>
                    )}
                  </SpaceBetween>
                }
              >
                Sync tags
              </Header>
            }
          >
            <SpaceBetween size="m">
              {accounts.error ? (
                <LoadError what="accounts" error={accounts.error} onRetry={accounts.reload} />
              ) : null}
              <ColumnLayout columns={3}>
                <FormField label="Account">
                  <Select
                    selectedOption={
                      accountId
                        ? { value: accountId, label: accountId, description: account?.accountName }
                        : null
                    }
                    options={(accounts.data ?? []).map((a) => ({
                      value: a.accountId,
                      label: a.accountId,
                      description: a.accountName,
                    }))}
                    statusType={accounts.loading ? "loading" : "finished"}
                    onChange={(e) => changeScope(() => setAccountId(e.detail.selectedOption.value ?? ""))}
                    ariaLabel="Account"
                  />
                </FormField>
                <FormField label="Region">
                  <Select
                    selectedOption={{ value: region, label: region }}
                    options={regions.map((r) => ({ value: r, label: r }))}
                    onChange={(e) =>
                      changeScope(() => setRegion(e.detail.selectedOption.value ?? "us-east-1"))
                    }
                    ariaLabel="Region"
                  />
                </FormField>
                <FormField label="Tag keys - optional" description="Comma-separated; empty: all tags.">
                  <Input
                    value={keys}
                    ariaLabel="Tag keys to sync"
                    placeholder="All tags"
                    onChange={(e) => changeScope(() => setKeys(e.detail.value))}
                  />
                </FormField>
              </ColumnLayout>
              {!canApply && (
                <Alert type="info">Your role can preview tag differences but not apply them.</Alert>
              )}
              {previewError ? (
                <Alert type="error" header="Could not preview the tag sync">
                  {describeError(previewError)}
                </Alert>
              ) : null}
              {previewing && !preview && <Spinner />}
            </SpaceBetween>
          </Container>
          {preview && (
            <TagDiffTable
              items={preview.items}
              serversChecked={preview.serversChecked}
              header={`Differences in ${preview.accountId}/${preview.region}`}
            />
          )}
          {settings.error ? (
            <LoadError what="the tag sync settings" error={settings.error} onRetry={settings.reload} />
          ) : settings.data ? (
            <TagSyncSettingsForm
              settings={settings.data}
              canEdit={can("drs:ManageAccounts")}
              onSaved={settings.reload}
            />
          ) : (
            <Spinner />
          )}
        </SpaceBetween>
      </ContentLayout>
      {confirming && preview && (
        <ConfirmModal
          header="Sync tags now?"
          confirmText={`Apply ${changes} change(s)`}
          busy={applying}
          onConfirm={() => void apply()}
          onCancel={() => setConfirming(false)}
        >
          {changes} tag change(s) on {preview.items.length} DRS source server(s) in {accountId}/{region} will
          be applied. Tag-based protection groups select servers by these tags at their next execution.
        </ConfirmModal>
      )}
    </AppShell>
  );
}
