import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createAwsAdapters, resolveHomeAccountId } from "@drso/aws";
import type { TargetAccount } from "@drso/core";
import { SIMULATOR_CREDENTIALS, startSimulator } from "@drso/simulator";
import { serve } from "@hono/node-server";
import pino from "pino";
import { createApp } from "./app";
import { UserAccounts } from "./auth/user-accounts";
import { wireAwsAdapters } from "./aws-adapter-wiring";
import type { ServerConfig } from "./config";
import { registerDemoTargetAccount } from "./demo-target-account";
import { createEmbeddedDeps } from "./embedded-deps";
import { attachExecutions } from "./execution-wiring";
import { registerDocs } from "./http/api-docs";
import { requestLogFields } from "./http/request-context";
import { ServerMetrics } from "./metrics/server-metrics";
import { verifyDatabaseFile } from "./store/database-integrity";
import { DATABASE_FILE } from "./store/sqlite-database";
import { TagSyncScheduler } from "./tag-sync/tag-sync-scheduler";

/** Where `npm run build -w packages/web` puts the UI. */
export const WEB_DIST_DIR = fileURLToPath(new URL("../../web/dist", import.meta.url));

/** The bundled simulator's state in the data dir (simulator mode without DRSO_SIM_URL). */
export const SIMULATOR_STATE_FILE = "simulator-state.json";

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/**
 * `drso serve` / `npm start`: the API and UI on DRSO_HOST:DRSO_PORT with the SQLite store in
 * DRSO_DATA_DIR. Prints where everything is and, on first start, the admin login.
 */
export async function startServer(
  config: ServerConfig,
  options: { installSignalHandlers?: boolean; print?: (line: string) => void } = {},
): Promise<RunningServer> {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const logger = pino({ level: config.logLevel, base: { service: "drso" }, mixin: requestLogFields });
  const metrics = new ServerMetrics();
  const cleanups: (() => Promise<void> | void)[] = [];
  // Before anything starts: a damaged database is one line and a non-zero exit, not a stack later.
  verifyDatabaseFile(join(config.dataDir, DATABASE_FILE));

  // ---- SEAM: DRS source-server catalog and AWS adapters -------------------------------------
  // Simulator mode: start (or reach, via DRSO_SIM_URL) the simulator and build the catalog,
  // launcher, health probe and account validator from @drso/aws against it. AWS mode: the same
  // adapters against the real endpoints. Push anything that must be stopped onto `cleanups`.
  // Only this edge differs between the modes (endpoint, credentials); the adapters are the same.
  let simEndpoint: string | undefined;
  if (config.mode === "simulator" && config.simUrl) simEndpoint = config.simUrl.replace(/\/+$/, "");
  else if (config.mode === "simulator") {
    // The demo's DRS/EC2 state lives beside the database, so a restart continues where it was.
    const sim = await startSimulator({
      port: config.simPort,
      timeScale: config.timeScale,
      stateFile: join(config.dataDir, SIMULATOR_STATE_FILE),
    }).catch((e: unknown) => {
      throw new Error(
        `Cannot start the simulator on port ${config.simPort} (${e instanceof Error ? e.message : String(e)}); ` +
          "set DRSO_SIM_PORT to a free port or DRSO_SIM_URL to a running 'drso sim'",
        { cause: e },
      );
    });
    simEndpoint = sim.endpoint;
    cleanups.push(() => sim.close());
  }
  const edge = simEndpoint ? { endpoint: simEndpoint, credentials: { ...SIMULATOR_CREDENTIALS } } : {};
  const homeAccountId = await resolveHomeAccountId(edge);
  // Bound to the store once it exists (below); target accounts are read when first needed.
  let targetAccounts = async (): Promise<TargetAccount[]> => [];
  const aws = createAwsAdapters({
    ...edge,
    homeAccountId,
    targetAccounts: () => targetAccounts(),
    logger,
    onCall: (call) => metrics.awsCall(call),
  });
  cleanups.push(() => aws.destroy());
  const catalog = aws.catalog;
  // ---------------------------------------------------------------------------------------------

  const {
    deps,
    db,
    close: closeDb,
  } = createEmbeddedDeps({
    dataDir: config.dataDir,
    logger,
    catalog,
    mode: config.mode,
    homeAccountId,
    webDistDir: WEB_DIST_DIR,
    passwordCost: config.passwordCost,
    backgroundCheckpoints: true,
    metrics,
    ...(config.metricsToken ? { metricsToken: config.metricsToken } : {}),
  });
  cleanups.push(closeDb);

  // ---- SEAM: optional adapters and the execution runner ---------------------------------------
  // e.g. deps.launcher = ...; deps.health = ...; deps.accountAccess = ...; deps.executionGuard = ...
  targetAccounts = () => deps.store.listTargetAccounts();
  wireAwsAdapters(deps, aws);
  const tagSync = new TagSyncScheduler(deps);
  tagSync.start();
  cleanups.push(() => tagSync.stop());
  // Resumes unfinished executions (crash reconciliation); stopped before the database closes.
  const executions = attachExecutions(deps, db, {
    pollMinMs: config.poll.minMs,
    pollMaxMs: config.poll.maxMs,
  });
  await executions.start();
  cleanups.push(() => executions.stop());
  // ---------------------------------------------------------------------------------------------

  const admin = await new UserAccounts(deps.users, { passwordCost: config.passwordCost }).ensureAdmin(
    config.adminPassword,
  );
  // First start in simulator mode: the demo's second account, so the whole demo fleet shows.
  if (config.mode === "simulator" && admin.created) await registerDemoTargetAccount(deps);
  const app = createApp(deps, { apiDocs: registerDocs });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () =>
      resolve(s as Server),
    );
    (s as Server).once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
  const url = `http://${shownHost}:${port}`;

  print(`DRS Orchestrator ${deps.config.version} (${config.mode} mode), data in ${config.dataDir}`);
  print(`  UI:       ${url}/`);
  print(`  API:      ${url}/api   (health: ${url}/api/health)`);
  print(`  API docs: ${url}/api/docs`);
  if (simEndpoint)
    print(
      `  Simulator: ${simEndpoint}   (aws drs describe-source-servers --endpoint-url ${simEndpoint} --region us-east-1)`,
    );
  if (admin.created && admin.password) {
    print(
      `  Login:    admin / ${admin.password}   (generated once — note it now; change users with 'drso users')`,
    );
  } else if (admin.created) {
    print("  Login:    admin / the password in DRSO_ADMIN_PASSWORD");
  } else {
    print("  Login:    admin (existing user; manage users with 'npx drso users')");
  }
  logger.info({ url, mode: config.mode, dataDir: config.dataDir }, "server started");

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      logger.info("shutting down");
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Idle keep-alive connections would hold close() open; in-flight requests still finish.
        server.closeIdleConnections();
      });
      for (const cleanup of cleanups.reverse()) await cleanup();
    })();
    return closing;
  };

  if (options.installSignalHandlers ?? true) {
    const onSignal = (signal: NodeJS.Signals) => {
      logger.info({ signal }, "signal received");
      const force = setTimeout(() => process.exit(1), 10_000);
      force.unref();
      void close().then(() => process.exit(0));
    };
    process.once("SIGTERM", onSignal);
    process.once("SIGINT", onSignal);
  }
  return { url, close };
}
