import Autosuggest from "@cloudscape-design/components/autosuggest";
import ColumnLayout from "@cloudscape-design/components/column-layout";
import Container from "@cloudscape-design/components/container";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import Select from "@cloudscape-design/components/select";
import TagEditor, { type TagEditorProps } from "@cloudscape-design/components/tag-editor";
import type { ReplicationSettings, ServerReplicationSettings } from "@drso/core";
import { useEffect, useState } from "react";
import { describeError } from "../../api/api-error";
import { useResource } from "../../api/use-resource";
import { OptionField } from "../../components/option-field";
import { subnetOption } from "../../components/subnet-option";
import { TAG_EDITOR_STRINGS, TAG_LIMIT, tagMap, tagRows } from "../../components/tag-editor-strings";
import { ToggleField } from "../../components/toggle-field";
import { LoadError } from "../../layout/load-error";
import { PitPolicyEditor, type PitRow, toRows, toRules } from "./pit-policy-editor";
import {
  getReplicationSettings,
  listInstanceTypes,
  listSubnets,
  putReplicationSettings,
} from "./server-settings-api";
import { ServerSettingsPage, useServerSettingsForm } from "./server-settings-form";

const options = (values: readonly string[]) => values.map((v) => ({ value: v, label: v }));
const tagSummary = (rows: readonly TagEditorProps.Tag[]): string =>
  Object.entries(tagMap(rows))
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");
const ROUTING = options(["PRIVATE_IP", "PUBLIC_IP"]);
const ENCRYPTION = options(["DEFAULT", "CUSTOM", "NONE"]);
const DISK_TYPES = options(["AUTO", "GP2", "GP3", "ST1"]);

/** The form's state: the settings DRS reports, with bandwidth kept as typed text. */
interface Draft {
  settings: ReplicationSettings;
  bandwidth: string;
  pit: PitRow[];
  stagingTags: readonly TagEditorProps.Tag[];
  stagingTagsValid: boolean;
}
const draftOf = (s: ServerReplicationSettings): Draft => {
  const { sourceServerId: _id, ...settings } = s;
  return {
    settings,
    bandwidth: String(s.bandwidthThrottling ?? 0),
    pit: toRows(s.pitPolicy),
    stagingTags: tagRows(s.stagingAreaTags),
    stagingTagsValid: true,
  };
};

/** How DRS replicates one server: staging area, bandwidth, routing, disks and point-in-time policy. */
export function ReplicationSettingsPage() {
  const form = useServerSettingsForm();
  const { serverId, scope, name, readOnly } = form;
  const deps = [serverId, scope.accountId, scope.region];
  const current = useResource(() => getReplicationSettings(serverId, scope), deps);
  const subnets = useResource(() => listSubnets(scope), deps);
  const types = useResource(() => listInstanceTypes(scope), deps);
  const [draft, setDraft] = useState<Draft>({
    settings: {},
    bandwidth: "0",
    pit: [],
    stagingTags: [],
    stagingTagsValid: true,
  });

  useEffect(() => {
    if (current.data) setDraft(draftOf(current.data));
  }, [current.data]);

  const s = draft.settings;
  const set = (patch: Partial<ReplicationSettings>) =>
    setDraft((d) => ({ ...d, settings: { ...d.settings, ...patch } }));
  const err = form.errorAt;

  const save = async () => {
    const bandwidth = draft.bandwidth.trim() === "" ? Number.NaN : Number(draft.bandwidth);
    const body: ReplicationSettings = {
      ...s,
      bandwidthThrottling: bandwidth,
      pitPolicy: toRules(draft.pit),
      stagingAreaTags: tagMap(draft.stagingTags),
    };
    setDraft(draftOf(await putReplicationSettings(serverId, scope, body)));
    form.notify("success", `Saved replication settings of ${name}.`);
  };

  const subnetOptions = (subnets.data ?? []).map(subnetOption);
  const toggle = (
    field: "createPublicIP" | "useDedicatedReplicationServer",
    label: string,
    description: string,
  ) => (
    <ToggleField
      label={label}
      description={description}
      errorText={err(field)}
      checked={s[field]}
      onChange={(checked) => set({ [field]: checked })}
      disabled={readOnly}
    />
  );

  return (
    <ServerSettingsPage
      form={form}
      title={`Replication settings: ${name}`}
      saveText="Save replication settings"
      canSave={Boolean(current.data) && draft.stagingTagsValid}
      loading={current.loading && !current.data}
      onSave={save}
    >
      {current.error ? (
        <LoadError what="the replication settings" error={current.error} onRetry={current.reload} />
      ) : null}
      <Container header={<Header variant="h2">Staging area and network</Header>}>
        <ColumnLayout columns={2}>
          <FormField
            label="Staging area subnet"
            description="Where DRS runs the replication servers."
            errorText={
              err("stagingAreaSubnetId") ?? (subnets.error ? describeError(subnets.error) : undefined)
            }
          >
            <Select
              selectedOption={
                subnetOptions.find((o) => o.value === s.stagingAreaSubnetId) ??
                (s.stagingAreaSubnetId
                  ? { value: s.stagingAreaSubnetId, label: s.stagingAreaSubnetId }
                  : null)
              }
              options={subnetOptions}
              placeholder="Choose a subnet"
              statusType={subnets.loading ? "loading" : "finished"}
              loadingText="Loading subnets"
              onChange={(e) => set({ stagingAreaSubnetId: e.detail.selectedOption.value })}
              ariaLabel="Staging area subnet"
              disabled={readOnly}
            />
          </FormField>
          <FormField
            label="Bandwidth throttling (Mbps)"
            description="0 replicates without a limit."
            errorText={err("bandwidthThrottling")}
          >
            <Input
              value={draft.bandwidth}
              inputMode="numeric"
              onChange={(e) => setDraft((d) => ({ ...d, bandwidth: e.detail.value }))}
              ariaLabel="Bandwidth throttling (Mbps)"
              disabled={readOnly}
            />
          </FormField>
          <OptionField
            label="Data routing"
            errorText={err("dataPlaneRouting")}
            options={ROUTING}
            value={s.dataPlaneRouting}
            onChange={(dataPlaneRouting) => set({ dataPlaneRouting })}
            disabled={readOnly}
          />
          {toggle("createPublicIP", "Create public IP", "Give replication servers a public IP.")}
        </ColumnLayout>
      </Container>
      <Container header={<Header variant="h2">Replication servers and disks</Header>}>
        <ColumnLayout columns={2}>
          <FormField
            label="Replication server instance type"
            errorText={err("replicationServerInstanceType")}
          >
            <Autosuggest
              value={s.replicationServerInstanceType ?? ""}
              options={(types.data ?? []).map((t) => ({ value: t.instanceType }))}
              onChange={(e) => set({ replicationServerInstanceType: e.detail.value || undefined })}
              statusType={types.loading ? "loading" : "finished"}
              loadingText="Loading instance types"
              enteredTextLabel={(v) => `Use ${v}`}
              ariaLabel="Replication server instance type"
              clearAriaLabel="Clear replication server instance type"
              disabled={readOnly}
            />
          </FormField>
          {toggle(
            "useDedicatedReplicationServer",
            "Dedicated replication server",
            "One replication server for this source server alone.",
          )}
          <OptionField
            label="Default large staging disk type"
            errorText={err("defaultLargeStagingDiskType")}
            options={DISK_TYPES}
            value={s.defaultLargeStagingDiskType}
            onChange={(defaultLargeStagingDiskType) => set({ defaultLargeStagingDiskType })}
            disabled={readOnly}
          />
          <OptionField
            label="EBS encryption"
            errorText={err("ebsEncryption")}
            options={ENCRYPTION}
            value={s.ebsEncryption}
            onChange={(ebsEncryption) => set({ ebsEncryption })}
            disabled={readOnly}
          />
        </ColumnLayout>
      </Container>
      <Container
        header={
          <Header variant="h2" description="Tags DRS puts on the replication servers and staging disks.">
            Staging area tags
          </Header>
        }
      >
        <FormField stretch errorText={err("stagingAreaTags")}>
          {readOnly ? (
            <div>{tagSummary(draft.stagingTags) || "No staging area tags."}</div>
          ) : (
            <TagEditor
              tags={draft.stagingTags}
              tagLimit={TAG_LIMIT}
              i18nStrings={{ ...TAG_EDITOR_STRINGS, emptyTags: "No staging area tags." }}
              onChange={(e) =>
                setDraft((d) => ({
                  ...d,
                  stagingTags: e.detail.tags,
                  stagingTagsValid: e.detail.valid,
                }))
              }
            />
          )}
        </FormField>
      </Container>
      <Container
        header={
          <Header
            variant="h2"
            description="Recovery points DRS keeps: a snapshot every interval, kept for the retention."
          >
            Point-in-time policy
          </Header>
        }
      >
        <FormField stretch errorText={form.fieldErrors.pitPolicy}>
          <PitPolicyEditor
            rows={draft.pit}
            onChange={(pit) => setDraft((d) => ({ ...d, pit }))}
            errorFor={(i, f) => form.fieldErrors[`pitPolicy.${i}.${f}`]}
            disabled={readOnly}
          />
        </FormField>
      </Container>
    </ServerSettingsPage>
  );
}
