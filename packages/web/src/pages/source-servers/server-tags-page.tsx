import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import Form from "@cloudscape-design/components/form";
import Header from "@cloudscape-design/components/header";
import SpaceBetween from "@cloudscape-design/components/space-between";
import TagEditor, { type TagEditorProps } from "@cloudscape-design/components/tag-editor";
import { useEffect, useState } from "react";
import { useNavigate, useParams } from "react-router-dom";
import { describeError } from "../../api/api-error";
import { useSession } from "../../auth/session-context";
import { TAG_EDITOR_STRINGS, TAG_LIMIT, tagMap, tagRows } from "../../components/tag-editor-strings";
import { AppShell, crumbs } from "../../layout/app-shell";
import { useFlash } from "../../layout/flash-context";
import { LoadError } from "../../layout/load-error";
import { serverListHref, useServerScope } from "./server-scope";
import { putTags } from "./server-settings-api";
import { settingsFieldErrors } from "./settings-field-errors";
import { useSourceServer } from "./use-source-server";

/**
 * The DRS tags of one source server (tag-based protection groups select by them). Saving sends the
 * whole set: tags marked for removal are removed from DRS.
 */
export function ServerTagsPage() {
  const serverId = useParams().serverId ?? "";
  const [scope] = useServerScope();
  const navigate = useNavigate();
  const { notify } = useFlash();
  const { can } = useSession();
  const server = useSourceServer(serverId, scope);
  const [tags, setTags] = useState<readonly TagEditorProps.Tag[]>([]);
  const [valid, setValid] = useState(true);
  const [formError, setFormError] = useState<string>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    setTags(tagRows(server.data?.tags));
  }, [server.data]);

  const readOnly = !can("drs:UpdateProtectionGroup");
  const name = server.data?.hostname ?? serverId;
  const save = async () => {
    setSaving(true);
    setFormError(undefined);
    const wanted = tagMap(tags);
    try {
      const result = await putTags(serverId, scope, wanted);
      const changes = result.added.length + result.changed.length + result.removed.length;
      notify(
        "success",
        changes === 0
          ? `The tags of ${name} were already as saved.`
          : `Saved the tags of ${name}: ${result.added.length} added, ${result.changed.length} changed, ${result.removed.length} removed.`,
      );
      navigate(serverListHref(scope));
    } catch (e) {
      const fields = Object.entries(settingsFieldErrors(e));
      setFormError(
        fields.length > 0
          ? fields.map(([path, message]) => `${path}: ${message}`).join("; ")
          : describeError(e),
      );
    } finally {
      setSaving(false);
    }
  };

  return (
    <AppShell breadcrumbs={crumbs(["Source servers", serverListHref(scope)], [`Tags: ${name}`, "#"])}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Form
          header={
            <Header variant="h1" description={`${serverId} in ${scope.accountId} ${scope.region}`}>
              {`Tags: ${name}`}
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
                <Button
                  variant="primary"
                  loading={saving}
                  formAction="submit"
                  disabled={!server.data || !valid}
                >
                  Save tags
                </Button>
              )}
            </SpaceBetween>
          }
        >
          <SpaceBetween size="l">
            {server.error ? (
              <LoadError what="the source server" error={server.error} onRetry={server.reload} />
            ) : null}
            {!server.loading && !server.error && !server.data ? (
              <LoadError
                what="the source server"
                error={new Error(`${serverId} is not a source server of ${scope.accountId} ${scope.region}.`)}
              />
            ) : null}
            <Container
              header={
                <Header
                  variant="h2"
                  description="Tag-based protection groups select servers by these DRS tags."
                >
                  DRS tags
                </Header>
              }
            >
              {readOnly ? (
                <SpaceBetween size="xs">
                  {tags.length === 0
                    ? "The server has no tags."
                    : tags.map((t) => <div key={t.key}>{`${t.key} = ${t.value}`}</div>)}
                </SpaceBetween>
              ) : (
                <TagEditor
                  tags={tags}
                  loading={server.loading}
                  tagLimit={TAG_LIMIT}
                  i18nStrings={TAG_EDITOR_STRINGS}
                  onChange={(e) => {
                    setTags(e.detail.tags);
                    setValid(e.detail.valid);
                  }}
                />
              )}
            </Container>
          </SpaceBetween>
        </Form>
      </form>
    </AppShell>
  );
}
