import Button from "@cloudscape-design/components/button";
import Header from "@cloudscape-design/components/header";
import SpaceBetween from "@cloudscape-design/components/space-between";
import type { ReactNode } from "react";

/**
 * The sticky title of a full-page list: the count once loaded, Refresh, then the page's own
 * actions (already filtered by what the role may do).
 */
export function ListPageHeader({
  title,
  items,
  description,
  onRefresh,
  children,
}: {
  title: string;
  /** The loaded resources (undefined while loading: no counter yet). */
  items: readonly unknown[] | undefined;
  description?: string;
  onRefresh: () => void;
  children?: ReactNode;
}) {
  return (
    <Header
      variant="awsui-h1-sticky"
      counter={items ? `(${items.length})` : undefined}
      description={description}
      actions={
        <SpaceBetween direction="horizontal" size="xs">
          <Button iconName="refresh" ariaLabel="Refresh" onClick={onRefresh} />
          {children}
        </SpaceBetween>
      }
    >
      {title}
    </Header>
  );
}
