/**
 * A stand-alone runner process over a data dir and a simulator URL — what `drso serve` runs in
 * process, here alone so the crash test can SIGKILL it at any point and start it again.
 *
 *   tsx packages/server/src/runner/runner-process.ts <dataDir> <simulatorUrl> [pollMinMs] [pollMaxMs]
 */
import { createAwsAdapters } from "@drso/aws";
import { SIMULATOR_CREDENTIALS } from "@drso/simulator";
import pino from "pino";
import { createEmbeddedDeps } from "../embedded-deps";
import { EmptySourceServerCatalog } from "../empty-source-server-catalog";
import { attachExecutions } from "../execution-wiring";

const [dataDir, endpoint, pollMin, pollMax] = process.argv.slice(2);
if (!dataDir || !endpoint) {
  process.stderr.write("usage: runner-process <dataDir> <simulatorUrl> [pollMinMs] [pollMaxMs]\n");
  process.exit(2);
}
const logger = pino({ level: process.env.DRSO_LOG_LEVEL ?? "warn" });
const { deps, db, close } = createEmbeddedDeps({ dataDir, logger, catalog: new EmptySourceServerCatalog() });
const adapters = createAwsAdapters({
  endpoint,
  homeAccountId: deps.config.homeAccountId,
  credentials: SIMULATOR_CREDENTIALS,
  targetAccounts: () => deps.store.listTargetAccounts(),
  retry: { maxAttempts: 4, baseDelayMs: 2, maxDelayMs: 20 },
});
deps.catalog = adapters.catalog;
deps.launcher = adapters.launcher;
deps.health = adapters.health;
deps.topicPublisher = adapters.sns;
const executions = attachExecutions(deps, db, {
  pollMinMs: Number(pollMin ?? 1000),
  pollMaxMs: Number(pollMax ?? 15_000),
});
await executions.start();
process.stdout.write("runner started\n");

const shutdown = async () => {
  await executions.stop();
  adapters.destroy();
  close();
  process.exit(0);
};
process.once("SIGTERM", () => void shutdown());
process.once("SIGINT", () => void shutdown());
