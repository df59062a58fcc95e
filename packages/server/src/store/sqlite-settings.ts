import { defaultSettingsValues, type Settings, StaleVersionError } from "@drso/core";
import type { SqliteConfigTables } from "./sqlite-config-tables";

/** The one settings row (id 1), seeded with the defaults at version 1 when the store opens. */
export class SqliteSettings {
  constructor(private readonly tables: SqliteConfigTables) {
    tables.stmt("INSERT OR IGNORE INTO settings (id, version, doc) VALUES (1, 1, ?)").run(
      JSON.stringify({
        ...defaultSettingsValues(),
        version: 1,
        createdDate: new Date(0).toISOString(),
        lastModifiedDate: new Date(0).toISOString(),
        createdBy: "system",
        lastModifiedBy: "system",
      } satisfies Settings),
    );
  }

  get(): Settings {
    const settings = this.tables.getDoc<Settings>("SELECT doc FROM settings WHERE id = 1", undefined);
    if (!settings) throw new Error("settings row missing: the store was not initialised");
    return settings;
  }

  update(settings: Settings, expectedVersion: number): void {
    const row = this.tables.stmt("SELECT version FROM settings WHERE id = 1").get() as { version: number };
    if (row.version !== expectedVersion)
      throw new StaleVersionError("Settings", "settings", expectedVersion, row.version);
    this.tables
      .stmt("UPDATE settings SET version = ?, doc = ? WHERE id = 1")
      .run(settings.version, JSON.stringify(settings));
  }
}
