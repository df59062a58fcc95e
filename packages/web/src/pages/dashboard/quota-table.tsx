import Box from "@cloudscape-design/components/box";
import ProgressBar from "@cloudscape-design/components/progress-bar";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Table from "@cloudscape-design/components/table";
import type { QuotaUsage } from "../../api/resources";

interface Meter {
  name: string;
  used: number;
  limit: number;
}

/** Use against limit for the DRS quotas that bound a recovery. */
const metersOf = (q: QuotaUsage): Meter[] => {
  if (!q.usage || !q.limits) return [];
  const m = (name: string, used: number, limit: number | undefined): Meter[] =>
    limit === undefined ? [] : [{ name, used, limit }];
  return [
    ...m("Concurrent jobs", q.usage.activeJobs, q.limits.maxConcurrentJobs),
    ...m("Servers in active jobs", q.usage.serversInActiveJobs, q.limits.maxServersInActiveJobs),
    ...m("Recovery instances", q.usage.recoveryInstances, q.limits.maxRecoveryInstances),
    ...m("Replicating servers", q.usage.replicatingServers, q.limits.maxReplicatingServers),
  ];
};

/** DRS quota usage per account and region, so an operator sees headroom before a large recovery. */
export function QuotaTable({ quotas }: { quotas: QuotaUsage[] }) {
  return (
    <Table
      variant="embedded"
      items={quotas}
      empty={<Box textAlign="center">No quota data.</Box>}
      columnDefinitions={[
        {
          id: "where",
          header: "Account / region",
          cell: (q) => `${q.accountId} ${q.region}`,
          isRowHeader: true,
        },
        {
          id: "usage",
          header: "Usage",
          cell: (q) =>
            q.error ? (
              <Box color="text-status-error">{q.error}</Box>
            ) : (
              <SpaceBetween size="xxs">
                {metersOf(q).map((m) => (
                  <ProgressBar
                    key={m.name}
                    value={m.limit ? (m.used / m.limit) * 100 : 0}
                    status={m.used >= m.limit ? "error" : "in-progress"}
                    label={m.name}
                    additionalInfo={`${m.used} of ${m.limit}`}
                  />
                ))}
              </SpaceBetween>
            ),
        },
      ]}
    />
  );
}
