import Box from "@cloudscape-design/components/box";
import ProgressBar from "@cloudscape-design/components/progress-bar";
import Table from "@cloudscape-design/components/table";
import type { QuotaUsage } from "../../api/resources";

interface Meter {
  name: string;
  used: number;
  limit: number;
}

const label = (k: string) => k.replace(/([A-Z])/g, " $1").replace(/^./, (c) => c.toUpperCase());

/** `{used, limit}` pairs of a quota row, whatever the metric names are. */
const metersOf = (q: QuotaUsage): Meter[] =>
  Object.entries(q).flatMap(([name, v]) => {
    if (v && typeof v === "object" && "used" in v && "limit" in v) {
      const { used, limit } = v as { used: number; limit: number };
      return [{ name: label(name), used, limit }];
    }
    return [];
  });

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
          cell: (q) => {
            const meters = metersOf(q);
            if (meters.length === 0) return JSON.stringify(q);
            return meters.map((m) => (
              <ProgressBar
                key={m.name}
                value={m.limit ? (m.used / m.limit) * 100 : 0}
                status={m.limit && m.used >= m.limit ? "error" : "in-progress"}
                label={m.name}
                additionalInfo={`${m.used} of ${m.limit}`}
              />
            ));
          },
        },
      ]}
    />
  );
}
