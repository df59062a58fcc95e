import type { TagEditorProps } from "@cloudscape-design/components/tag-editor";

/** DRS (like most AWS resources) allows 50 tags per resource. */
export const TAG_LIMIT = 50;

export const TAG_EDITOR_STRINGS: TagEditorProps.I18nStrings = {
  keyPlaceholder: "Enter key",
  valuePlaceholder: "Enter value",
  addButton: "Add new tag",
  removeButton: "Remove",
  undoButton: "Undo",
  undoPrompt: "This tag will be removed when you save.",
  loading: "Loading tags",
  keyHeader: "Key",
  valueHeader: "Value",
  optional: "optional",
  keySuggestion: "Custom tag key",
  valueSuggestion: "Custom tag value",
  emptyTags: "The server has no tags.",
  tooManyKeysSuggestion: "There are too many keys to show",
  tooManyValuesSuggestion: "There are too many values to show",
  keysSuggestionLoading: "Loading tag keys",
  keysSuggestionError: "Tag keys could not be retrieved",
  valuesSuggestionLoading: "Loading tag values",
  valuesSuggestionError: "Tag values could not be retrieved",
  emptyKeyError: "You must specify a tag key",
  maxKeyCharLengthError: "The maximum number of characters you can use in a tag key is 128.",
  maxValueCharLengthError: "The maximum number of characters you can use in a tag value is 256.",
  duplicateKeyError: "You must specify a unique tag key.",
  invalidKeyError: "Invalid key. Keys can only contain letters, digits, spaces and _ . : / = + - @",
  invalidValueError: "Invalid value. Values can only contain letters, digits, spaces and _ . : / = + - @",
  awsPrefixError: "Cannot start with aws:",
  errorIconAriaLabel: "Error",
  clearAriaLabel: "Clear",
  itemRemovedAriaLive: "A tag was removed.",
  tagLimit: (available, limit) =>
    available === limit
      ? `You can add up to ${limit} tags.`
      : available === 1
        ? "You can add up to 1 more tag."
        : `You can add up to ${available} more tags.`,
  tagLimitReached: (limit) => `You have reached the limit of ${limit} tags.`,
  tagLimitExceeded: (limit) => `You have exceeded the limit of ${limit} tags.`,
  enteredKeyLabel: (key) => `Use "${key}"`,
  enteredValueLabel: (value) => `Use "${value}"`,
  removeButtonAriaLabel: (tag) => `Remove ${tag.key}`,
};

/** Rows for a TagEditor from a tag map (tags that exist, so the editor offers undo on removal). */
export const tagRows = (tags: Record<string, string> | undefined): TagEditorProps.Tag[] =>
  Object.entries(tags ?? {}).map(([key, value]) => ({ key, value, existing: true }));

/** The tag map a TagEditor's rows stand for: rows marked for removal are left out. */
export const tagMap = (rows: readonly TagEditorProps.Tag[]): Record<string, string> =>
  Object.fromEntries(rows.filter((t) => !t.markedForRemoval).map((t) => [t.key, t.value]));
