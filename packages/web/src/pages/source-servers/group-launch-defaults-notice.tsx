import Alert from "@cloudscape-design/components/alert";
import type { LaunchSettings } from "@drso/core";
import { getGroup } from "../../api/resources";
import { useResource } from "../../api/use-resource";

/** Dotted names of the fields a group's launch defaults set, e.g. `launchTemplate.instanceType`. */
export const defaultedFields = (defaults: LaunchSettings | undefined): string[] =>
  (["launchConfiguration", "launchTemplate"] as const).flatMap((part) =>
    Object.entries(defaults?.[part] ?? {})
      .filter(([, v]) => v !== undefined)
      .map(([k]) => `${part}.${k}`),
  );

/**
 * The engine applies a protection group's launch defaults to its servers before each recovery,
 * so a value set here for one of those fields does not survive the next drill. Saying so spares
 * the operator a surprise.
 */
export function GroupLaunchDefaultsNotice({ groupId }: { groupId: string | null | undefined }) {
  const group = useResource(() => (groupId ? getGroup(groupId) : Promise.resolve(undefined)), [groupId]);
  const fields = defaultedFields(group.data?.launchSettings);
  if (!group.data || fields.length === 0) return null;
  return (
    <Alert type="info" header={`Protection group ${group.data.groupName} sets launch defaults`}>
      Before each drill or recovery the group applies its defaults to this server, replacing what is saved
      here for: {fields.map((f) => f.split(".")[1]).join(", ")}.
    </Alert>
  );
}
