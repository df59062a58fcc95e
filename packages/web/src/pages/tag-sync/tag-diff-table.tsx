import Badge from "@cloudscape-design/components/badge";
import Box from "@cloudscape-design/components/box";
import Header from "@cloudscape-design/components/header";
import Table from "@cloudscape-design/components/table";
import type { TagSyncItem } from "@drso/core";

type ChangeKind = "add" | "change" | "remove";

interface DiffRow {
  id: string;
  hostname: string;
  serverId: string;
  key: string;
  from?: string;
  to?: string;
  kind: ChangeKind;
}

const kindOf = (from?: string, to?: string): ChangeKind =>
  from === undefined ? "add" : to === undefined ? "remove" : "change";

const BADGE: Record<ChangeKind, "green" | "blue" | "red"> = { add: "green", change: "blue", remove: "red" };

/** One row per tag that differs: the DRS value now and the EC2 value it becomes. */
export function TagDiffTable({
  items,
  serversChecked,
  header,
}: {
  items: readonly TagSyncItem[];
  serversChecked: number;
  header: string;
}) {
  const rows: DiffRow[] = items.flatMap((item) =>
    item.changes.map((c) => ({
      id: `${item.serverId}/${c.key}`,
      hostname: item.hostname,
      serverId: item.serverId,
      key: c.key,
      ...(c.from !== undefined ? { from: c.from } : {}),
      ...(c.to !== undefined ? { to: c.to } : {}),
      kind: kindOf(c.from, c.to),
    })),
  );
  return (
    <Table
      data-testid="tag-diff"
      variant="container"
      items={rows}
      trackBy="id"
      ariaLabels={{ tableLabel: "Tag differences" }}
      header={
        <Header
          counter={`(${rows.length})`}
          description={`${items.length} of ${serversChecked} server(s) differ from their EC2 source instance.`}
        >
          {header}
        </Header>
      }
      empty={
        <Box textAlign="center" color="inherit" padding="m">
          No differences: the DRS tags equal the EC2 tags of the source instances.
        </Box>
      }
      columnDefinitions={[
        {
          id: "server",
          header: "Server",
          cell: (r) => (
            <>
              {r.hostname}
              <Box variant="small" display="block">
                {r.serverId}
              </Box>
            </>
          ),
        },
        { id: "key", header: "Tag key", cell: (r) => r.key },
        { id: "from", header: "DRS value", cell: (r) => r.from ?? "—" },
        { id: "to", header: "EC2 value", cell: (r) => r.to ?? "—" },
        { id: "kind", header: "Change", cell: (r) => <Badge color={BADGE[r.kind]}>{r.kind}</Badge> },
      ]}
    />
  );
}
