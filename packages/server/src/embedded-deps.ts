import { createRequire } from "node:module";
import type { SourceServerCatalog } from "@drso/core";
import type { Logger } from "pino";
import type { AppDeps } from "./app-deps";
import { Authenticator } from "./auth/authenticator";
import { loadOrCreateTokenSecret, TokenIssuer } from "./auth/token-issuer";
import { ServerMetrics } from "./metrics/server-metrics";
import { SqliteConfigStore } from "./store/sqlite-config-store";
import { openDatabase } from "./store/sqlite-database";
import { SqliteUserStore } from "./store/sqlite-user-store";
import { storeWriteProbe } from "./store/store-write-probe";
import { startWalCheckpointer } from "./store/wal-checkpointer";

/** The demo fleet's home account: the account the orchestrator runs in (simulator mode). */
export const DEFAULT_HOME_ACCOUNT_ID = "111111111111";

export const PRODUCT_VERSION: string = (
  createRequire(import.meta.url)("../package.json") as { version: string }
).version;

export interface EmbeddedDepsOptions {
  dataDir: string;
  logger: Logger;
  catalog: SourceServerCatalog;
  mode?: "simulator" | "aws";
  homeAccountId?: string;
  webDistDir?: string;
  now?: () => Date;
  /** log2 of scrypt's N for password hashes (DRSO_PASSWORD_COST). */
  passwordCost?: number;
  /** Checkpoint the SQLite WAL on a worker thread instead of inside commits (`drso serve`). */
  backgroundCheckpoints?: boolean;
  /** DRSO_METRICS_TOKEN: lets a Prometheus scraper read `GET /metrics` without a user's credentials. */
  metricsToken?: string;
  /** The server's metrics, when they must exist before the deps (serve.ts counts AWS calls). */
  metrics?: ServerMetrics;
}

/**
 * AppDeps of the embedded default: SQLite store and local users in the data dir. Returns the
 * database too, so that other modules (execution store, runner) can share the connection.
 */
export function createEmbeddedDeps(options: EmbeddedDepsOptions) {
  const db = openDatabase(options.dataDir);
  const checkpointer = options.backgroundCheckpoints ? startWalCheckpointer(db, options.logger) : undefined;
  const now = options.now ?? (() => new Date());
  const store = new SqliteConfigStore(db);
  const users = new SqliteUserStore(db);
  const tokens = new TokenIssuer(loadOrCreateTokenSecret(options.dataDir), now);
  const deps: AppDeps = {
    config: {
      version: PRODUCT_VERSION,
      mode: options.mode ?? "simulator",
      homeAccountId: options.homeAccountId ?? DEFAULT_HOME_ACCOUNT_ID,
      ...(options.webDistDir ? { webDistDir: options.webDistDir } : {}),
      ...(options.passwordCost !== undefined ? { passwordCost: options.passwordCost } : {}),
      ...(options.metricsToken ? { metricsToken: options.metricsToken } : {}),
    },
    store,
    users,
    tokens,
    authenticator: new Authenticator(tokens, users, now),
    catalog: options.catalog,
    logger: options.logger,
    now,
    storeStatus: storeWriteProbe(db, now),
    metrics: options.metrics ?? new ServerMetrics(),
  };
  return {
    deps,
    db,
    close: (): void | Promise<void> => {
      if (!checkpointer) return void db.close();
      return checkpointer.stop().then(() => void db.close());
    },
  };
}
