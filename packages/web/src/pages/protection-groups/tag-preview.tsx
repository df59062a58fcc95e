import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Header from "@cloudscape-design/components/header";
import Table from "@cloudscape-design/components/table";
import type { SourceServer } from "@drso/core";
import { useEffect, useState } from "react";
import { describeError } from "../../api/api-error";
import { resolveTags } from "../../api/resources";
import { ReplicationState } from "../../components/source-server-columns";

/** Live preview of the servers a tag selector matches now (it is resolved again at execution start). */
export function TagPreview({
  accountId,
  region,
  criteria,
}: {
  accountId: string;
  region: string;
  criteria: Record<string, string>;
}) {
  const key = JSON.stringify([accountId, region, criteria]);
  const [servers, setServers] = useState<SourceServer[]>([]);
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` captures account, region and criteria
  useEffect(() => {
    if (!accountId || !region || Object.keys(criteria).length === 0) {
      setServers([]);
      return;
    }
    let cancelled = false;
    setLoading(true);
    // Debounced so typing a tag value does not fire a request per keystroke.
    const t = setTimeout(() => {
      resolveTags(accountId, region, criteria)
        .then((s) => {
          if (cancelled) return;
          setServers(s);
          setError(undefined);
        })
        .catch((e: unknown) => !cancelled && setError(describeError(e)))
        .finally(() => !cancelled && setLoading(false));
    }, 350);
    return () => {
      cancelled = true;
      clearTimeout(t);
    };
  }, [key]);
  if (error) {
    return (
      <Alert type="error" header="Cannot preview the tag selector">
        {error}
      </Alert>
    );
  }
  return (
    <Table
      variant="embedded"
      items={servers}
      loading={loading}
      loadingText="Resolving tags"
      trackBy="serverId"
      header={
        <Header variant="h3" counter={`(${servers.length})`}>
          Matching servers now
        </Header>
      }
      empty={<Box textAlign="center">No server matches these tags.</Box>}
      columnDefinitions={[
        { id: "hostname", header: "Hostname", cell: (s) => s.hostname, isRowHeader: true },
        { id: "id", header: "Server ID", cell: (s) => s.serverId },
        {
          id: "replication",
          header: "Replication",
          cell: (s) => <ReplicationState state={String(s.replicationState)} />,
        },
      ]}
    />
  );
}
