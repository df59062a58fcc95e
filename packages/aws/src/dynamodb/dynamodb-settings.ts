import { type AuditEntry, defaultSettingsValues, type Settings, StaleVersionError } from "@drso/core";
import { PARTITION, recordKey } from "./config-keys";
import type { ConfigRecords } from "./config-records";
import { transactWrite, withRaceRetry } from "./dynamodb-transaction";

/** The one settings item; until the first update the defaults are the settings (version 1). */
export class DynamoDbSettings {
  constructor(private readonly records: ConfigRecords) {}

  async get(): Promise<Settings> {
    const stored = this.records.docOf<Settings>(
      await this.records.getRecord(PARTITION.settings, PARTITION.settings),
    );
    // As in the SQLite store, which seeds these defaults when it opens.
    return (
      stored ?? {
        ...defaultSettingsValues(),
        version: 1,
        createdDate: new Date(0).toISOString(),
        lastModifiedDate: new Date(0).toISOString(),
        createdBy: "system",
        lastModifiedBy: "system",
      }
    );
  }

  update(settings: Settings, expectedVersion: number, audit: AuditEntry): Promise<void> {
    return withRaceRetry(async () => {
      const current = await this.get();
      if (current.version !== expectedVersion)
        throw new StaleVersionError("Settings", "settings", expectedVersion, current.version);
      const stale = async () =>
        new StaleVersionError("Settings", "settings", expectedVersion, (await this.get()).version);
      await transactWrite(this.records.client, [
        {
          item: {
            Put: {
              TableName: this.records.tables.config,
              Item: {
                ...recordKey(PARTITION.settings, PARTITION.settings),
                doc: JSON.stringify(settings),
                version: settings.version,
              },
              ConditionExpression:
                expectedVersion === 1
                  ? "attribute_not_exists(pk) OR version = :expected"
                  : "version = :expected",
              ExpressionAttributeValues: { ":expected": expectedVersion },
            },
          },
          explain: stale,
        },
        this.records.auditWrite(audit),
      ]);
    });
  }
}
