import {
  ConflictError,
  type ExecutionState,
  type ExecutionStore,
  isTerminalExecutionStatus,
  type LaunchSettingsPort,
  type RecoveryPlan,
} from "@drso/core";
import type { Database } from "better-sqlite3";
import type { AppDeps, ExecutionGuard } from "../app-deps";
import { attachNotifications } from "../notifications/index";
import type { WebhookRetryPolicy } from "../notifications/webhook-delivery";
import { EC2_INVENTORY_EXTENSION } from "../routes/ec2-resources";
import { LAUNCH_SETTINGS_EXTENSION, launchInventory } from "../routes/launch-settings";
import { SqliteExecutionStore } from "../store/sqlite-execution-store";
import { type ExecutionDriver, runnerExecutionDriver } from "./execution-driver";
import { ExecutionRunner } from "./execution-runner";
import type { ExecutionStarterDeps } from "./execution-starter";

export { DrsCapacity } from "./drs-capacity";
export { type ExecutionDriver, runnerExecutionDriver } from "./execution-driver";
export {
  type ExecutionListener,
  ExecutionRunner,
  type ExecutionRunnerOptions,
  type RunnerStats,
} from "./execution-runner";
export { createExecution, type ExecutionStarterDeps } from "./execution-starter";

/** `deps.extensions` key under which the execution routes find the runner and store. */
export const EXECUTIONS_EXTENSION = "executions";

export interface ExecutionsRuntime {
  driver: ExecutionDriver;
  store: ExecutionStore;
  starter: ExecutionStarterDeps;
}

export const executionsRuntimeOf = (deps: AppDeps): ExecutionsRuntime | undefined =>
  deps.extensions[EXECUTIONS_EXTENSION] as ExecutionsRuntime | undefined;

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
  });
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
      return deps.extensions[LAUNCH_SETTINGS_EXTENSION] as LaunchSettingsPort | undefined;
    },
    get launchInventory() {
      return deps.extensions[EC2_INVENTORY_EXTENSION]
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

/**
 * Wires executions driven by any {@link ExecutionDriver} over any execution store (the Lambda API
 * passes the Step Functions driver and the DynamoDB store): the routes and the guard that refuses
 * changes to groups and plans an active execution uses.
 */
export function attachExecutionsRuntime(deps: AppDeps, runtime: ExecutionsRuntime): void {
  deps.extensions[EXECUTIONS_EXTENSION] = runtime;
  deps.executionGuard = executionGuard(runtime.store);
}

const activeExecutions = async (store: ExecutionStore): Promise<ExecutionState[]> =>
  (await store.listUnfinished()).filter((s) => !isTerminalExecutionStatus(s.status));

function executionGuard(store: ExecutionStore): ExecutionGuard {
  return {
    async assertGroupNotInActiveExecution(groupId) {
      const using = (await activeExecutions(store)).filter((s) =>
        ((s.planSnapshot as RecoveryPlan | undefined)?.waves ?? []).some((w) =>
          w.protectionGroupIds.includes(groupId),
        ),
      );
      if (using.length > 0) {
        throw new ConflictError(
          "GROUP_IN_ACTIVE_EXECUTION",
          `The protection group is used by active execution ${using.map((s) => s.executionId).join(", ")}`,
          {
            executions: using.map((s) => ({
              executionId: s.executionId,
              planId: s.planId,
              status: s.status,
            })),
          },
        );
      }
    },
    async assertPlanNotInActiveExecution(planId) {
      const using = (await activeExecutions(store)).filter((s) => s.planId === planId);
      if (using.length > 0) {
        throw new ConflictError(
          "PLAN_IN_ACTIVE_EXECUTION",
          `The recovery plan has active execution ${using.map((s) => s.executionId).join(", ")}`,
          { executions: using.map((s) => ({ executionId: s.executionId, status: s.status })) },
        );
      }
    },
  };
}
