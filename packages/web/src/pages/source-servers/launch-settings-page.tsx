import Container from "@cloudscape-design/components/container";
import Header from "@cloudscape-design/components/header";
import type { DrsLaunchConfiguration, LaunchSettings, LaunchTemplateSettings } from "@drso/core";
import { useEffect, useState } from "react";
import { useResource } from "../../api/use-resource";
import { LaunchConfigurationFields } from "../../components/launch-configuration-fields";
import { LaunchTemplateEditor } from "../../components/launch-template-editor";
import { LoadError } from "../../layout/load-error";
import { GroupLaunchDefaultsNotice } from "./group-launch-defaults-notice";
import { getLaunchSettings, putLaunchSettings } from "./server-settings-api";
import { ServerSettingsPage, useServerSettingsForm } from "./server-settings-form";

/** Drops unset fields: the API changes only what a PUT names, and "" is no EC2 value. */
const definedOnly = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== "")) as T;

/** A server's DRS launch configuration and the EC2 launch template DRS launches it with. */
export function LaunchSettingsPage() {
  const form = useServerSettingsForm();
  const { serverId, scope, server, name, readOnly } = form;
  const current = useResource(
    () => getLaunchSettings(serverId, scope),
    [serverId, scope.accountId, scope.region],
  );
  const [config, setConfig] = useState<DrsLaunchConfiguration>({});
  const [template, setTemplate] = useState<LaunchTemplateSettings>({});

  useEffect(() => {
    if (!current.data) return;
    setConfig(current.data.launchConfiguration);
    setTemplate(current.data.launchTemplate);
  }, [current.data]);

  const save = async () => {
    const body: LaunchSettings = { launchConfiguration: config, launchTemplate: definedOnly(template) };
    const after = await putLaunchSettings(serverId, scope, body);
    setConfig(after.launchConfiguration);
    setTemplate(after.launchTemplate);
    form.notify("success", `Saved launch settings of ${name}.`);
  };

  return (
    <ServerSettingsPage
      form={form}
      title={`Launch settings: ${name}`}
      saveText="Save launch settings"
      canSave={Boolean(current.data)}
      loading={current.loading && !current.data}
      onSave={save}
    >
      {current.error ? (
        <LoadError what="the launch settings" error={current.error} onRetry={current.reload} />
      ) : null}
      <GroupLaunchDefaultsNotice groupId={server.data?.assignedToProtectionGroup} />
      <Container
        header={
          <Header variant="h2" description="How DRS launches the recovery instance.">
            DRS launch configuration
          </Header>
        }
      >
        <LaunchConfigurationFields
          value={config}
          onChange={setConfig}
          errorFor={(f) => form.errorAt(`launchConfiguration.${f}`)}
          disabled={readOnly}
        />
      </Container>
      <Container
        header={
          <Header
            variant="h2"
            description={
              current.data?.launchTemplateId
                ? `Saving creates a new default version of ${current.data.launchTemplateId}.`
                : "The EC2 launch template DRS uses for this server."
            }
          >
            EC2 launch template
          </Header>
        }
      >
        <LaunchTemplateEditor
          scope={scope}
          value={template}
          onChange={setTemplate}
          errorFor={(f) => form.errorAt(`launchTemplate.${f}`)}
          disabled={readOnly}
        />
      </Container>
    </ServerSettingsPage>
  );
}
