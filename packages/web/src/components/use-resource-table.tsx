import { type UseCollectionResult, useCollection } from "@cloudscape-design/collection-hooks";
import Box from "@cloudscape-design/components/box";
import Pagination from "@cloudscape-design/components/pagination";
import type { TableProps } from "@cloudscape-design/components/table";
import TextFilter from "@cloudscape-design/components/text-filter";
import type { ReactElement, ReactNode } from "react";

/** What the table shows when there is nothing at all: one line, or a title with a sentence below. */
export type EmptyState = string | { title: string; description: string };

export interface ResourceTableOptions<T> {
  /** The text a filter query is matched against (case-insensitive substring). */
  searchText: (item: T) => string;
  /** Placeholder and accessible name of the text filter. */
  filter: { placeholder: string; ariaLabel: string };
  empty: EmptyState;
  noMatch: string;
  pageSize: number;
  /** Initial sort; without it the rows keep their given order until a column header is clicked. */
  sortBy?: { field: string; descending?: boolean };
  /** The field selection is kept by; not given: the page owns selection itself, or has none. */
  trackSelectionBy?: string;
  /** Accessible names of the selection checkboxes / radio buttons, for tables that select. */
  selectionLabels?: { group: string; item: (item: T) => string; all?: string };
}

export interface ResourceTable<T> extends UseCollectionResult<T> {
  /** Spread on `<Table>`: collection state, current page of items, selection labels, filter, pagination. */
  tableProps: Pick<TableProps<T>, "items" | "filter" | "pagination" | "ariaLabels"> &
    UseCollectionResult<T>["collectionProps"];
  /** The text filter alone, for pages that place more controls beside it. */
  textFilter: ReactElement;
  /** The selected items (empty without collection-kept selection). */
  selected: readonly T[];
}

const emptyContent = (empty: EmptyState): ReactNode =>
  typeof empty === "string" ? (
    <Box textAlign="center">{empty}</Box>
  ) : (
    <Box textAlign="center" color="inherit">
      <b>{empty.title}</b>
      <Box color="inherit">{empty.description}</Box>
    </Box>
  );

/**
 * One list table's collection: text filtering, sorting, pagination, empty and no-match states and
 * selection, with the same filter and pagination controls (and accessible names) on every page.
 */
export function useResourceTable<T>(rows: readonly T[], options: ResourceTableOptions<T>): ResourceTable<T> {
  const { searchText, sortBy, trackSelectionBy, selectionLabels: labels } = options;
  const collection = useCollection(rows, {
    filtering: {
      filteringFunction: (item, text) => searchText(item).toLowerCase().includes(text.toLowerCase()),
      empty: emptyContent(options.empty),
      noMatch: <Box textAlign="center">{options.noMatch}</Box>,
    },
    sorting: sortBy
      ? { defaultState: { sortingColumn: { sortingField: sortBy.field }, isDescending: sortBy.descending } }
      : {},
    pagination: { pageSize: options.pageSize },
    ...(trackSelectionBy ? { selection: { keepSelection: false, trackBy: trackSelectionBy } } : {}),
  });
  const { items, collectionProps, filterProps, paginationProps, filteredItemsCount } = collection;
  const textFilter = (
    <TextFilter
      {...filterProps}
      filteringPlaceholder={options.filter.placeholder}
      filteringAriaLabel={options.filter.ariaLabel}
      filteringClearAriaLabel="Clear filter"
      countText={`${filteredItemsCount ?? 0} matches`}
    />
  );
  const pagination = (
    <Pagination
      {...paginationProps}
      ariaLabels={{
        nextPageLabel: "Next page",
        previousPageLabel: "Previous page",
        pageLabel: (n) => `Page ${n}`,
      }}
    />
  );
  const ariaLabels: TableProps.AriaLabels<T> | undefined = labels && {
    selectionGroupLabel: labels.group,
    itemSelectionLabel: (_s, item) => labels.item(item),
    allItemsSelectionLabel: () => labels.all ?? "Select all",
  };
  return {
    ...collection,
    tableProps: { ...collectionProps, items, filter: textFilter, pagination, ariaLabels },
    textFilter,
    selected: collectionProps.selectedItems ?? [],
  };
}
