import AttributeEditor from "@cloudscape-design/components/attribute-editor";
import Input from "@cloudscape-design/components/input";

export interface TagRow {
  key: string;
  value: string;
}

/** Key/value rows; a server matches when it carries all of them. */
export function TagCriteriaEditor({
  rows,
  onChange,
}: {
  rows: TagRow[];
  onChange: (rows: TagRow[]) => void;
}) {
  const set = (i: number, patch: Partial<TagRow>) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <AttributeEditor
      items={rows}
      addButtonText="Add tag"
      removeButtonText="Remove"
      onAddButtonClick={() => onChange([...rows, { key: "", value: "" }])}
      onRemoveButtonClick={(e) => onChange(rows.filter((_, j) => j !== e.detail.itemIndex))}
      empty="No tags: add at least one."
      definition={[
        {
          label: "Tag key",
          control: (r, i) => (
            <Input
              value={r.key}
              ariaLabel={`Tag key ${i + 1}`}
              onChange={(e) => set(i, { key: e.detail.value })}
            />
          ),
        },
        {
          label: "Tag value",
          control: (r, i) => (
            <Input
              value={r.value}
              ariaLabel={`Tag value ${i + 1}`}
              onChange={(e) => set(i, { value: e.detail.value })}
            />
          ),
        },
      ]}
    />
  );
}

export const toCriteria = (rows: TagRow[]): Record<string, string> =>
  Object.fromEntries(rows.filter((r) => r.key.trim()).map((r) => [r.key.trim(), r.value]));
