import { loadConfig, openDatabase, SqliteUserStore, UserAccounts } from "@drso/server";

/**
 * User administration works on the data dir directly (DRSO_DATA_DIR or --data-dir), so it works
 * while the server runs (SQLite WAL) and before it ever started.
 */
export async function withLocalUsers<T>(
  dataDir: string | undefined,
  run: (accounts: UserAccounts, users: SqliteUserStore) => Promise<T>,
): Promise<T> {
  const config = loadConfig({ ...process.env, ...(dataDir ? { DRSO_DATA_DIR: dataDir } : {}) });
  const db = openDatabase(config.dataDir);
  try {
    const users = new SqliteUserStore(db);
    return await run(new UserAccounts(users, { passwordCost: config.passwordCost }), users);
  } finally {
    db.close();
  }
}
