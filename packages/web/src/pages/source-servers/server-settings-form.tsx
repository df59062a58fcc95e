import { type ReactNode, useState } from "react";
import { type NavigateFunction, useNavigate, useParams } from "react-router-dom";
import { describeError } from "../../api/api-error";
import type { PickerServer } from "../../api/resources";
import type { Resource } from "../../api/use-resource";
import { useSession } from "../../auth/session-context";
import { ResourceFormPage } from "../../components/resource-form-page";
import { useFlash } from "../../layout/flash-context";
import { serverListHref, useServerScope } from "./server-scope";
import type { ServerScope } from "./server-settings-api";
import { errorAt, settingsFieldErrors } from "./settings-field-errors";
import { useSourceServer } from "./use-source-server";

/** What every settings page of one source server shares: which server, who may edit, the save state. */
export interface ServerSettingsForm {
  serverId: string;
  scope: ServerScope;
  server: Resource<PickerServer | undefined>;
  /** The server's hostname once known, its id before. */
  name: string;
  readOnly: boolean;
  navigate: NavigateFunction;
  notify: ReturnType<typeof useFlash>["notify"];
  saving: boolean;
  formError?: string;
  fieldErrors: Record<string, string>;
  /** The refusal message for `path` or any field below it. */
  errorAt: (path: string) => string | undefined;
  /** Runs a save: clears the previous refusal, and shows a new one on the form and its fields. */
  submit: (save: () => Promise<void>) => Promise<void>;
}

/**
 * The state of a source server's settings page (server id from the route, account-region from the
 * URL). `describeRefusal` words the form-level message of a refused save (default: the API's).
 */
export function useServerSettingsForm(
  describeRefusal: (err: unknown) => string = describeError,
): ServerSettingsForm {
  const serverId = useParams().serverId ?? "";
  const [scope] = useServerScope();
  const navigate = useNavigate();
  const { notify } = useFlash();
  const { can } = useSession();
  const server = useSourceServer(serverId, scope);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const submit = async (save: () => Promise<void>) => {
    setSaving(true);
    setFieldErrors({});
    setFormError(undefined);
    try {
      await save();
    } catch (e) {
      setFormError(describeRefusal(e));
      setFieldErrors(settingsFieldErrors(e));
    } finally {
      setSaving(false);
    }
  };
  return {
    serverId,
    scope,
    server,
    name: server.data?.hostname ?? serverId,
    readOnly: !can("drs:UpdateProtectionGroup"),
    navigate,
    notify,
    saving,
    formError,
    fieldErrors,
    errorAt: (path) => errorAt(fieldErrors, path),
    submit,
  };
}

/**
 * The page around a source server's settings: breadcrumbs back to the list, a form titled with the
 * server, its refusal, Cancel (Back when read-only) and the save button for roles that may edit.
 */
export function ServerSettingsPage({
  form,
  title,
  saveText,
  canSave,
  loading = false,
  onSave,
  children,
}: {
  form: ServerSettingsForm;
  /** The page's title, e.g. `Launch settings: web-01`; also the last breadcrumb. */
  title: string;
  saveText: string;
  /** False while there is nothing loaded to save, or the form holds invalid input. */
  canSave: boolean;
  /** Shows a spinner instead of the form (first load). */
  loading?: boolean;
  onSave: () => Promise<void>;
  children: ReactNode;
}) {
  const { serverId, scope } = form;
  return (
    <ResourceFormPage
      list={["Source servers", serverListHref(scope)]}
      title={title}
      description={`${serverId} in ${scope.accountId} ${scope.region}`}
      formError={form.formError}
      saving={form.saving}
      submitText={form.readOnly ? undefined : saveText}
      canSubmit={canSave}
      loading={loading}
      onSubmit={() => void form.submit(onSave)}
    >
      {children}
    </ResourceFormPage>
  );
}
