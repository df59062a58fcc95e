import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SqliteConfigStore } from "../src/store/sqlite-config-store";
import { openDatabase } from "../src/store/sqlite-database";
import { describeConfigStoreContract } from "./config-store-contract";

describeConfigStoreContract("SQLite", async () => {
  const dir = await mkdtemp(join(tmpdir(), "drso-store-"));
  const db = openDatabase(dir);
  return {
    store: new SqliteConfigStore(db),
    close: async () => {
      db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
