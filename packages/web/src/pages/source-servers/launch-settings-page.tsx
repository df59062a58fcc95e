import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import Form from "@cloudscape-design/components/form";
import Header from "@cloudscape-design/components/header";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Spinner from "@cloudscape-design/components/spinner";
import type { DrsLaunchConfiguration, LaunchSettings, LaunchTemplateSettings } from "@drso/core";
import { useEffect, useState } from "react";
import { useNavigate, useParams } from "react-router-dom";
import { describeError } from "../../api/api-error";
import { useResource } from "../../api/use-resource";
import { useSession } from "../../auth/session-context";
import { LaunchConfigurationFields } from "../../components/launch-configuration-fields";
import { LaunchTemplateEditor } from "../../components/launch-template-editor";
import { AppShell, crumbs } from "../../layout/app-shell";
import { useFlash } from "../../layout/flash-context";
import { LoadError } from "../../layout/load-error";
import { GroupLaunchDefaultsNotice } from "./group-launch-defaults-notice";
import { serverListHref, useServerScope } from "./server-scope";
import { getLaunchSettings, putLaunchSettings } from "./server-settings-api";
import { errorAt, settingsFieldErrors } from "./settings-field-errors";
import { useSourceServer } from "./use-source-server";

/** Drops unset fields: the API changes only what a PUT names, and "" is no EC2 value. */
const definedOnly = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== "")) as T;

/** A server's DRS launch configuration and the EC2 launch template DRS launches it with. */
export function LaunchSettingsPage() {
  const serverId = useParams().serverId ?? "";
  const [scope] = useServerScope();
  const navigate = useNavigate();
  const { notify } = useFlash();
  const { can } = useSession();
  const server = useSourceServer(serverId, scope);
  const current = useResource(
    () => getLaunchSettings(serverId, scope),
    [serverId, scope.accountId, scope.region],
  );
  const [config, setConfig] = useState<DrsLaunchConfiguration>({});
  const [template, setTemplate] = useState<LaunchTemplateSettings>({});
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!current.data) return;
    setConfig(current.data.launchConfiguration);
    setTemplate(current.data.launchTemplate);
  }, [current.data]);

  const readOnly = !can("drs:UpdateProtectionGroup");
  const name = server.data?.hostname ?? serverId;
  const save = async () => {
    setSaving(true);
    setFieldErrors({});
    setFormError(undefined);
    const body: LaunchSettings = { launchConfiguration: config, launchTemplate: definedOnly(template) };
    try {
      const after = await putLaunchSettings(serverId, scope, body);
      setConfig(after.launchConfiguration);
      setTemplate(after.launchTemplate);
      notify("success", `Saved launch settings of ${name}.`);
    } catch (e) {
      setFormError(describeError(e));
      setFieldErrors(settingsFieldErrors(e));
    } finally {
      setSaving(false);
    }
  };

  const title = `Launch settings: ${name}`;
  return (
    <AppShell
      breadcrumbs={crumbs(["Source servers", serverListHref(scope)], [`Launch settings: ${name}`, "#"])}
    >
      {current.loading && !current.data ? (
        <Spinner size="large" />
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <Form
            header={
              <Header variant="h1" description={`${serverId} in ${scope.accountId} ${scope.region}`}>
                {title}
              </Header>
            }
            errorText={formError}
            errorIconAriaLabel="Error"
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button formAction="none" variant="link" onClick={() => navigate(serverListHref(scope))}>
                  {readOnly ? "Back" : "Cancel"}
                </Button>
                {!readOnly && (
                  <Button variant="primary" loading={saving} formAction="submit" disabled={!current.data}>
                    Save launch settings
                  </Button>
                )}
              </SpaceBetween>
            }
          >
            <SpaceBetween size="l">
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
                  errorFor={(f) => errorAt(fieldErrors, `launchConfiguration.${f}`)}
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
                  errorFor={(f) => errorAt(fieldErrors, `launchTemplate.${f}`)}
                  disabled={readOnly}
                />
              </Container>
            </SpaceBetween>
          </Form>
        </form>
      )}
    </AppShell>
  );
}
