import Alert from "@cloudscape-design/components/alert";
import Autosuggest from "@cloudscape-design/components/autosuggest";
import Container from "@cloudscape-design/components/container";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import RadioGroup from "@cloudscape-design/components/radio-group";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Spinner from "@cloudscape-design/components/spinner";
import Textarea from "@cloudscape-design/components/textarea";
import { DRS_REGIONS, type LaunchSettings } from "@drso/core";
import { useEffect, useMemo, useState } from "react";
import { useNavigate, useParams } from "react-router-dom";
import { ApiError, describeError } from "../../api/api-error";
import {
  createGroup,
  getGroup,
  listAccounts,
  listGroups,
  listSourceServers,
  updateGroup,
} from "../../api/resources";
import { useResource } from "../../api/use-resource";
import { ResourceFormPage } from "../../components/resource-form-page";
import { useFlash } from "../../layout/flash-context";
import { LoadError } from "../../layout/load-error";
import { LaunchDefaultsSection } from "./launch-defaults-section";
import { launchSettingsErrors } from "./launch-settings-draft";
import { ServerPicker } from "./server-picker";
import { TagCriteriaEditor, type TagRow, toCriteria } from "./tag-criteria-editor";
import { TagPreview } from "./tag-preview";

type Mode = "explicit" | "tags";

/** Create or edit a protection group: explicit servers or a tag selector. */
export function GroupEditorPage() {
  const { groupId } = useParams();
  const navigate = useNavigate();
  const { notify } = useFlash();
  const existing = useResource(() => (groupId ? getGroup(groupId) : Promise.resolve(undefined)), [groupId]);
  const accounts = useResource(listAccounts, []);
  const groups = useResource(listGroups, []);
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [accountId, setAccountId] = useState("");
  const [region, setRegion] = useState("us-east-1");
  const [mode, setMode] = useState<Mode>("explicit");
  const [serverIds, setServerIds] = useState<string[]>([]);
  const [tags, setTags] = useState<TagRow[]>([{ key: "", value: "" }]);
  const [launchSettings, setLaunchSettings] = useState<LaunchSettings>();
  const [launchErrors, setLaunchErrors] = useState<Record<string, string>>({});
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    const g = existing.data;
    if (!g) return;
    setName(g.groupName);
    setDescription(g.description ?? "");
    setAccountId(g.accountId);
    setRegion(g.region);
    setMode(g.tagCriteria ? "tags" : "explicit");
    setServerIds(g.serverIds ?? []);
    if (g.tagCriteria) setTags(Object.entries(g.tagCriteria).map(([key, value]) => ({ key, value })));
    setLaunchSettings(g.launchSettings);
  }, [existing.data]);

  useEffect(() => {
    const first = accounts.data?.[0];
    if (!groupId && !accountId && first) setAccountId(first.accountId);
  }, [accounts.data, groupId, accountId]);

  const validAccount = /^\d{12}$/.test(accountId);
  const servers = useResource(
    () => (validAccount ? listSourceServers(accountId, region) : Promise.resolve([])),
    [accountId, region, validAccount],
  );
  const owners = useMemo(() => {
    const m = new Map<string, string>();
    for (const g of groups.data ?? []) {
      if (g.groupId === groupId) continue;
      for (const id of g.serverIds ?? []) m.set(id, g.groupName);
    }
    return m;
  }, [groups.data, groupId]);
  const criteria = toCriteria(tags);

  const save = async () => {
    setSaving(true);
    setFieldErrors({});
    setLaunchErrors({});
    setFormError(undefined);
    const body = {
      groupName: name,
      ...(description ? { description } : {}),
      accountId,
      region,
      ...(mode === "explicit" ? { serverIds } : { tagCriteria: criteria }),
      // Sent whenever set: a PUT without it would drop the group's stored defaults.
      ...(launchSettings ? { launchSettings } : {}),
    };
    try {
      const saved = groupId
        ? await updateGroup(groupId, { ...body, version: existing.data?.version ?? 1 })
        : await createGroup(body);
      notify("success", `Saved protection group ${saved?.groupName ?? name}.`);
      navigate("/protection-groups");
    } catch (e) {
      setFormError(describeError(e));
      if (e instanceof ApiError) {
        setFieldErrors(e.fieldErrors());
        setLaunchErrors(launchSettingsErrors(e));
      }
    } finally {
      setSaving(false);
    }
  };

  if (groupId && existing.loading) return <Spinner size="large" />;
  const title = groupId ? "Edit protection group" : "Create protection group";
  const accountOptions = (accounts.data ?? []).map((a) => ({
    value: a.accountId,
    description: a.accountName,
  }));
  const regionOptions = DRS_REGIONS.map((r) => ({ value: r, label: r }));
  return (
    <ResourceFormPage
      list={["Protection groups", "/protection-groups"]}
      title={title}
      formError={formError}
      saving={saving}
      submitText={groupId ? "Save changes" : "Create protection group"}
      onSubmit={() => void save()}
    >
      {existing.error ? <LoadError what="the protection group" error={existing.error} /> : null}
      <Container header={<Header variant="h2">Details</Header>}>
        <SpaceBetween size="m">
          <FormField label="Name" errorText={fieldErrors.groupName}>
            <Input value={name} onChange={(e) => setName(e.detail.value)} ariaLabel="Name" />
          </FormField>
          <FormField label="Description - optional" errorText={fieldErrors.description}>
            <Textarea
              value={description}
              onChange={(e) => setDescription(e.detail.value)}
              ariaLabel="Description"
            />
          </FormField>
          <FormField
            label="Account"
            errorText={fieldErrors.accountId ?? (accounts.error ? describeError(accounts.error) : undefined)}
          >
            <Autosuggest
              value={accountId}
              options={accountOptions}
              onChange={(e) => setAccountId(e.detail.value)}
              ariaLabel="Account"
              clearAriaLabel="Clear account"
              enteredTextLabel={(v) => `Use account ${v}`}
              placeholder="12-digit account id"
            />
          </FormField>
          <FormField label="Region" errorText={fieldErrors.region}>
            <Select
              selectedOption={{ value: region, label: region }}
              options={regionOptions}
              onChange={(e) => setRegion(e.detail.selectedOption.value ?? "us-east-1")}
              ariaLabel="Region"
              filteringType="auto"
            />
          </FormField>
        </SpaceBetween>
      </Container>
      <Container header={<Header variant="h2">Servers</Header>}>
        <SpaceBetween size="m">
          <FormField label="Select servers by">
            <RadioGroup
              value={mode}
              onChange={(e) => setMode(e.detail.value as Mode)}
              ariaLabel="Select servers by"
              items={[
                {
                  value: "explicit",
                  label: "Picking servers",
                  description: "A fixed list of DRS source servers.",
                },
                {
                  value: "tags",
                  label: "Tags",
                  description: "All servers whose DRS tags match, resolved at execution start.",
                },
              ]}
            />
          </FormField>
          {mode === "explicit" ? (
            <FormField stretch errorText={fieldErrors.serverIds} label="Servers">
              {servers.error ? (
                <LoadError what="source servers" error={servers.error} onRetry={servers.reload} />
              ) : (
                <ServerPicker
                  servers={servers.data ?? []}
                  loading={servers.loading}
                  owners={owners}
                  editingGroupId={groupId}
                  selectedIds={serverIds}
                  onChange={setServerIds}
                />
              )}
            </FormField>
          ) : (
            <SpaceBetween size="m">
              <FormField
                stretch
                label="Tag criteria"
                errorText={fieldErrors.tagCriteria ?? fieldErrors.serverIds}
              >
                <TagCriteriaEditor rows={tags} onChange={setTags} />
              </FormField>
              <TagPreview accountId={validAccount ? accountId : ""} region={region} criteria={criteria} />
            </SpaceBetween>
          )}
          {owners.size > 0 && mode === "explicit" && (
            <Alert type="info">
              Servers that already belong to another group are shown but cannot be picked.
            </Alert>
          )}
        </SpaceBetween>
      </Container>
      {(!groupId || existing.data) && (
        <LaunchDefaultsSection
          accountId={validAccount ? accountId : ""}
          region={region}
          value={launchSettings}
          onChange={setLaunchSettings}
          errors={launchErrors}
        />
      )}
    </ResourceFormPage>
  );
}
