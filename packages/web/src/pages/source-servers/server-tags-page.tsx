import Container from "@cloudscape-design/components/container";
import Header from "@cloudscape-design/components/header";
import SpaceBetween from "@cloudscape-design/components/space-between";
import TagEditor, { type TagEditorProps } from "@cloudscape-design/components/tag-editor";
import { useEffect, useState } from "react";
import { describeError } from "../../api/api-error";
import { TAG_EDITOR_STRINGS, TAG_LIMIT, tagMap, tagRows } from "../../components/tag-editor-strings";
import { LoadError } from "../../layout/load-error";
import { serverListHref } from "./server-scope";
import { putTags } from "./server-settings-api";
import { ServerSettingsPage, useServerSettingsForm } from "./server-settings-form";
import { settingsFieldErrors } from "./settings-field-errors";

/** Tag errors name the tag (`tags.Env`), which the tag editor cannot show per row: list them on the form. */
const describeTagRefusal = (e: unknown): string => {
  const fields = Object.entries(settingsFieldErrors(e));
  return fields.length > 0
    ? fields.map(([path, message]) => `${path}: ${message}`).join("; ")
    : describeError(e);
};

/**
 * The DRS tags of one source server (tag-based protection groups select by them). Saving sends the
 * whole set: tags marked for removal are removed from DRS.
 */
export function ServerTagsPage() {
  const form = useServerSettingsForm(describeTagRefusal);
  const { serverId, scope, server, name, readOnly } = form;
  const [tags, setTags] = useState<readonly TagEditorProps.Tag[]>([]);
  const [valid, setValid] = useState(true);

  useEffect(() => {
    setTags(tagRows(server.data?.tags));
  }, [server.data]);

  const save = async () => {
    const result = await putTags(serverId, scope, tagMap(tags));
    const changes = result.added.length + result.changed.length + result.removed.length;
    form.notify(
      "success",
      changes === 0
        ? `The tags of ${name} were already as saved.`
        : `Saved the tags of ${name}: ${result.added.length} added, ${result.changed.length} changed, ${result.removed.length} removed.`,
    );
    form.navigate(serverListHref(scope));
  };

  return (
    <ServerSettingsPage
      form={form}
      title={`Tags: ${name}`}
      saveText="Save tags"
      canSave={Boolean(server.data) && valid}
      onSave={save}
    >
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
          <Header variant="h2" description="Tag-based protection groups select servers by these DRS tags.">
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
    </ServerSettingsPage>
  );
}
