import type { Database } from "better-sqlite3";
import type { AppDeps } from "./app-deps";
import { recordExecutionMetrics } from "./metrics/execution-metrics";
import { attachNotifications } from "./notifications/index";
import type { WebhookRetryPolicy } from "./notifications/webhook-delivery";
import { runnerExecutionDriver } from "./runner/execution-driver";
import { ExecutionRunner } from "./runner/execution-runner";
import type { ExecutionStarterDeps } from "./services/execution-start";
import { attachExecutionsRuntime } from "./services/executions";
import { launchInventory } from "./services/launch-settings";
import { SqliteExecutionStore } from "./store/sqlite-execution-store";

export interface AttachExecutionsOptions {
  /** Poll interval bounds (ms) for new executions: fast after a change, backing off while quiet. */
  pollMinMs?: number;
  pollMaxMs?: number;
  /** Webhook retry policy of execution notifications (tests shorten the backoff). */
  webhookRetry?: Partial<WebhookRetryPolicy>;
}

/**
 * Wires executions into the app: the SQLite execution store on the app's database, the runner
 * over `deps.launcher`/`deps.health`, the guard that refuses changes to groups and plans an
 * active execution uses. Call after the AWS adapters are set; `await start()` resumes unfinished
 * executions, `stop()` before closing the database.
 */
export function attachExecutions(deps: AppDeps, db: Database, options: AttachExecutionsOptions = {}) {
  const { launcher, health } = deps;
  if (!launcher || !health) throw new Error("attachExecutions needs deps.launcher and deps.health");
  const store = new SqliteExecutionStore(db);
  const notifications = attachNotifications(deps, db, options.webhookRetry);
  const runner = new ExecutionRunner({
    store,
    launcher,
    health,
    logger: deps.logger,
    now: deps.now,
    onNotify: (state, subject, message) => notifications.dispatcher.onNotify(state, subject, message),
    ...(deps.metrics ? { onTickTimed: (seconds: number) => deps.metrics?.tick(seconds) } : {}),
  });
  if (deps.metrics) recordExecutionMetrics(deps.metrics, runner, store);
  const starter: ExecutionStarterDeps = {
    store: deps.store,
    executions: store,
    catalog: deps.catalog,
    launcher,
    now: deps.now,
    pollMinMs: options.pollMinMs ?? 1000,
    pollMaxMs: options.pollMaxMs ?? 15_000,
    // Read at each start: the wiring may set the adapter after the runner is attached.
    get launchSettings() {
      return deps.launchSettings;
    },
    get launchInventory() {
      return deps.ec2
        ? (accountId: string, region: string) => launchInventory(deps, accountId, region)
        : undefined;
    },
  };
  attachExecutionsRuntime(deps, { driver: runnerExecutionDriver(runner), store, starter });
  const stop = async () => {
    await runner.stop();
    await notifications.dispatcher.drain();
  };
  return { runner, store, notifications, start: () => runner.start(), stop };
}
